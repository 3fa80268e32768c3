# --max-age above 2^31: usage error
cachectl -c tests/cli/fixtures/headers.toml headers --max-age 2147483649 /
