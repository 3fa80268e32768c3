# `nitro.routeRules` with `isr` (Vercel's and Netlify's own regeneration) and a header an opt-out cannot remove: status 1.
cachectl import --from nitro tests/fixtures/import/errors/nitro-isr.json
