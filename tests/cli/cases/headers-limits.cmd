# Akamai limits: 128 tags, 128 characters per tag, escaping; reported on stderr, never cut mid-tag
cachectl -c tests/cli/fixtures/headers-limits.toml headers --provider akamai /many
