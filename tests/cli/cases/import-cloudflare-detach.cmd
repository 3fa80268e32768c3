# A Cloudflare `! Cache-Control` that no later rule sets again leaves no Cache-Control at all (pages-shared deletes the asset's own too), which a cache.toml rule cannot ask for: refused with status 1 at that rule.
cachectl import --from cloudflare-pages tests/fixtures/import/errors/cloudflare-detach.headers
