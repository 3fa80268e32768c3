# purge --dry-run prints the exact bunny requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider bunny --dry-run --url https://www.example.com/a --prefix www.example.com/img/ --tag blog
