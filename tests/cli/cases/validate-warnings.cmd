# validate: warnings alone exit 0
cachectl validate tests/cli/fixtures/validate-warnings.toml
