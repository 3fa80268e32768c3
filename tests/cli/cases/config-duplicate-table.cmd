# config error (3): a route table written twice is named as written
cachectl -c tests/cli/fixtures/duplicate-table.toml match /a
