# export --to nitro: one headers route rule per rule (radix3 keys), the [site] provider's headers
cachectl -c examples/static-site.toml export --to nitro
