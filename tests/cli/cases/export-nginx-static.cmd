# export --to nginx: a map $uri in priority order, one map per header, add_header ... always (X-Accel-Expires first)
cachectl -c examples/static-site.toml export --to nginx
