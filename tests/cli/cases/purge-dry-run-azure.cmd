# purge --dry-run prints the exact azure requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider azure --dry-run --path /about --prefix /img/
