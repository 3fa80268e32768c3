# export refuses shop.toml: statuses, methods, per-rule bypass, tags from params, at each key
cachectl -c examples/shop.toml export --to cloudflare-pages
