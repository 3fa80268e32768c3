# test: each unmet expectation as a diff (expectation file:line, winning rule file:line), exit 1
cachectl test tests/cli/fixtures/test-failures.test.toml
