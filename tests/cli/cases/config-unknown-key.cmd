# config error (3): camelCase key with did-you-mean
cachectl -c tests/cli/fixtures/unknown-key.toml match /a
