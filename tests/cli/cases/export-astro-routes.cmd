# export --to astro: one route rule per pattern as written, [defaults] merged in, in declaration order
cachectl -c tests/cli/fixtures/export-astro-routes.toml export --to astro
