# config error (3): pattern columns count code points, not bytes
cachectl -c tests/cli/fixtures/bad-pattern-utf8.toml match /a
