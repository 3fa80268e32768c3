# --no-cache opts out like cache = false; --explain says who
cachectl -c tests/cli/fixtures/headers.toml headers --explain --no-cache /blog/hello
