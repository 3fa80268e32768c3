# test: the config an expectation file names cannot be loaded (3)
cachectl test tests/cli/fixtures/test-broken-config.test.toml
