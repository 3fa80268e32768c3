# config error (3): TOML syntax error with file:line:col
cachectl -c tests/cli/fixtures/syntax-error.toml match /a
