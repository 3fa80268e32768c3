# validate --format sarif: SARIF 2.1.0 for GitHub code scanning
cachectl validate --format sarif tests/cli/fixtures/validate-problems.toml
