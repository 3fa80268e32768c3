# suppressed diagnostics in JSON (suppressed field and count), SARIF (suppressions, inSource) and GitHub (no annotation)
cachectl validate --format json tests/cli/fixtures/allow.toml; cachectl validate --format sarif tests/cli/fixtures/allow.toml; cachectl validate --format github tests/cli/fixtures/allow.toml
