# validate --color=always: colored text
cachectl --color=always validate tests/cli/fixtures/validate-warnings.toml
