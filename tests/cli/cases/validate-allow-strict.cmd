# --strict does not count suppressed warnings: exit 0 when every warning is allowed
cachectl validate --strict tests/cli/fixtures/allow-strict.toml
