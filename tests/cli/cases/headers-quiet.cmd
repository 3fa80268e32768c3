# -q: warnings are not printed, the headers are the same
cachectl -q -c tests/cli/fixtures/headers-limits.toml headers --provider akamai /many | wc -c
