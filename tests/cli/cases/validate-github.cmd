# validate --format github: workflow-command annotations with GitHub's escaping
cachectl validate --format github tests/cli/fixtures/validate-problems.toml
