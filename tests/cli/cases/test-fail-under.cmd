# test --fail-under: coverage under the threshold fails the run (1), with won, lost and unreached rules listed
cachectl test --fail-under 80 tests/cli/fixtures/test-coverage.test.toml
