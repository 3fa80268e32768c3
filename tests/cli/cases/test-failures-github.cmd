# test --format github: an ::error at each unmet expectation, ::warning for rules no case won
cachectl test --format github --coverage tests/cli/fixtures/test-failures.test.toml
