# --dry-run --format json: one request record per call, then the summary
cachectl -c tests/cli/fixtures/purge.toml purge --dry-run --format json --tag blog --path /about --batch-size 2 | sed -E 's/"seconds":[0-9.e+-]+/"seconds":S/'
