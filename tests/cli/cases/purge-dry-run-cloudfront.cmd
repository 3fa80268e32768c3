# purge --dry-run prints the exact cloudfront requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider cloudfront --dry-run --url 'https://www.example.com/a?x=1&y=2' --path /about --prefix /img/ | sed -E 's/cachectl-[0-9a-f-]{36}/cachectl-UUID/'
