# export --to netlify-toml: the same rules as netlify.toml [[headers]] tables
cachectl -c examples/static-site.toml export --to netlify-toml
