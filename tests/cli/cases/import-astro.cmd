# Astro experimental.routeRules: one rule each, in the JSON's key order; a rule Astro drops is a note.
cachectl import --from astro tests/fixtures/import/astro-route-rules.json
