# config error (3): bad route pattern, column of the offending character
cachectl -c tests/cli/fixtures/bad-pattern.toml match /a
