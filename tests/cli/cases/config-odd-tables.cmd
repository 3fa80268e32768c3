# config error (3): a route that is not a table and a misspelt provider, both reported
cachectl -c tests/cli/fixtures/odd-tables.toml match /a
