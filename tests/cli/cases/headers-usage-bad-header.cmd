# -H without 'Name: value': usage error
cachectl -c tests/cli/fixtures/headers.toml headers -H 'Cookie session=1' /
