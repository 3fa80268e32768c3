# purge --dry-run prints the exact akamai requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider akamai --dry-run --url https://www.example.com/a --tag blog
