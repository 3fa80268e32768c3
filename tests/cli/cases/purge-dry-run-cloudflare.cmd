# purge --dry-run prints the exact cloudflare requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider cloudflare --dry-run --url https://www.example.com/a --path /blog/hello --tag blog --prefix /docs/ --host img.example.com
