# validate --format json: one document with every diagnostic and the counts
cachectl validate --format json tests/cli/fixtures/validate-problems.toml
