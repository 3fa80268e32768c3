# purge --dry-run prints the exact fastly requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider fastly --dry-run --soft --url 'https://www.example.com/a?x=1' --tag blog --tag post-hello
