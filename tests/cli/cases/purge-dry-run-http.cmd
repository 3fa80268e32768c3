# purge --dry-run prints the exact http requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider http --dry-run --tag blog --tag post-hello --url https://www.example.com/a
