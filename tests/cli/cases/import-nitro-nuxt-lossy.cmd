# A Nuxt routeRules with `/**` and swr, prerendered pages, an /api/** with cache headers and opt-outs: what a cache.toml cannot keep (the swr Cache-Control, headers Nitro merges into an opt-out) is warned about with --lossy, and the config written.
cachectl import --from nitro --lossy tests/fixtures/import/nuxt-route-rules.json
