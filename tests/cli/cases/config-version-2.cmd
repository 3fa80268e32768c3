# config error (3): unsupported version
cachectl -c tests/cli/fixtures/version-2.toml match /a
