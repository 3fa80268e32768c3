# purge --dry-run prints the exact google requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider google --dry-run --url https://www.example.com/a --prefix /img/ --host img.example.com --tag blog | sed -E 's/requestId=[0-9a-f-]{36}/requestId=UUID/'
