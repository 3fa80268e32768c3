# --last-modified that is not a date: usage error
cachectl -c tests/cli/fixtures/headers.toml headers --last-modified yesterday /
