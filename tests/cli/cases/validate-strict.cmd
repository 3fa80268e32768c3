# validate --strict: warnings make it exit 1
cachectl validate --strict tests/cli/fixtures/validate-warnings.toml
