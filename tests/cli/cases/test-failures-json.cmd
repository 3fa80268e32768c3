# test --format json: cases, failures with expected and actual values, coverage
cachectl test --format json tests/cli/fixtures/test-failures.test.toml
