# --method that is not a token: usage error, before the config is even read
cachectl -c tests/cli/fixtures/does-not-exist.toml headers --method 'GE T' /
