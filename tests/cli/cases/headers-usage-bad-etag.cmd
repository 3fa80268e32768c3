# --etag that is not an entity tag: usage error
cachectl -c tests/cli/fixtures/headers.toml headers --etag '"a b"' /
