# docs.toml --format json: redirect, outside_base, unmatched and matched objects
cachectl -c examples/docs.toml match --format json /docs /other/ /docs/en /docs/en/v2/
