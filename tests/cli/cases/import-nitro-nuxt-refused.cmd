# The same Nuxt routeRules without --lossy: refused (status 1) at the source lines.
cachectl import --from nitro tests/fixtures/import/nuxt-route-rules.json
