# allow in a rule, # cachectl: allow(…) on a header line and on a key line, [lint] allow; unknown code (did you mean), an error named (cannot be suppressed), unused allows; suppressed ones are counted in the summary only
cachectl validate --strict tests/cli/fixtures/allow.toml
