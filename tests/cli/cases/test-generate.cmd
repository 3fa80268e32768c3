# test --generate -: one case per rule at a URL it wins (base and trailing slash applied), asserting what the config answers
cachectl -c examples/docs.toml test --generate -
