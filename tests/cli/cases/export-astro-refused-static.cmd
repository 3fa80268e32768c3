# export --to astro refuses browser_max_age and immutable (a route rule sets maxAge, swr and tags only)
cachectl -c examples/static-site.toml export --to astro
