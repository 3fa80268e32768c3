# '-' with --format json: JSON Lines, one record per URL
cachectl -c tests/cli/fixtures/headers.toml headers --provider varnish --format json -
