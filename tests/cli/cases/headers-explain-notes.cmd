# --explain on a cacheable URL: options, decision, what the provider reads and what the profile left out
cachectl -c tests/cli/fixtures/headers.toml headers --explain --provider akamai /blog/hello
