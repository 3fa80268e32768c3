# test: an expectation file with a TOML error is reported at file:line:col (3)
cachectl test tests/cli/fixtures/test-syntax-error.test.toml
