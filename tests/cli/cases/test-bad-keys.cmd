# test: unknown keys with did-you-mean, an unknown provider (3)
cachectl test tests/cli/fixtures/test-bad-keys.test.toml
