# purge --dry-run prints the exact varnish requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider varnish --dry-run --url https://www.example.com/a --tag blog --prefix /docs/ --host img.example.com
