# config error (3): missing version
cachectl -c tests/cli/fixtures/no-version.toml match /a
