# export --to nginx under a base: the base and Astro's 301 spelling in each expression; the opt-out rule in $cachectl_no_cache
cachectl -c tests/cli/fixtures/export-cache-servers.toml export --to nginx
