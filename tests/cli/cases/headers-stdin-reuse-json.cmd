# the same with --format json: a rule's cached record tail (cacheable, headers) follows each URL's own input, path and rule
cachectl -c tests/cli/fixtures/headers-reuse.toml headers --provider fastly --format json -
