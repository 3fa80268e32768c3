# export without --to is a usage error
cachectl -c examples/static-site.toml export
