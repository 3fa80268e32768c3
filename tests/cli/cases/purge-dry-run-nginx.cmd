# purge --dry-run prints the exact nginx requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider nginx --dry-run --url https://www.example.com/a --prefix /docs/ --host img.example.com
