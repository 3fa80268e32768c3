# no URL: usage error
cachectl -c tests/cli/fixtures/headers.toml headers
