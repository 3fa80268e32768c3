# export --lossy: docs.toml under a /docs base with trailing_slash = "always"; tags from params become placeholders, each loss a warning
cachectl -c examples/docs.toml export --to cloudflare-pages --lossy
