# export --to varnish: an if/elsif chain on bereq.url in priority order with TTL, grace, Cache-Control and xkey
cachectl -c examples/static-site.toml export --to varnish
