# Astro experimental.routeRules: one rule each, in priority order; a rule Astro drops is a note.
cachectl import --from astro tests/fixtures/import/astro-route-rules.json
