# validate: literal secrets are errors and never echoed, in any format (0 = no match for the token)
cachectl validate tests/cli/fixtures/validate-secret.toml; for f in text json github sarif; do cachectl validate --format $f tests/cli/fixtures/validate-secret.toml 2>&1 | grep -c -e e24fd090 -e hunter2; done
