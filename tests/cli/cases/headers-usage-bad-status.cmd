# --status outside 100-599: usage error
cachectl -c tests/cli/fixtures/headers.toml headers --status 99 /
