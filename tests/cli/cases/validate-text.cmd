# validate text: every check family fires on one file; all problems reported, exit 1
cachectl validate tests/cli/fixtures/validate-problems.toml
