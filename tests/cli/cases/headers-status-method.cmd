# a status outside statuses and a method outside methods give private, no-store
cachectl -c tests/cli/fixtures/headers.toml headers --explain --status 404 --method HEAD /v1/7; cachectl -c tests/cli/fixtures/headers.toml headers --status 500 /blog/a; cachectl -c tests/cli/fixtures/headers.toml headers --method POST /blog/a
