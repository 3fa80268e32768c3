# export --to nitro refuses where radix3 merges a rule with other headers before Astro's winner, and where `/*` would also match `/`
cachectl -c tests/cli/fixtures/export-nitro-order.toml export --to nitro
