# '-' reads URLs from stdin: a block per URL, # comments and blank lines skipped, unmatched URLs get an empty block
cachectl -c tests/cli/fixtures/headers.toml headers --provider nginx -
