# purge --dry-run prints the exact netlify requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider netlify --dry-run --tag blog --tag post-hello
