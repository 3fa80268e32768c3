# The Astro import validates clean.
cachectl import --from astro tests/fixtures/import/astro-route-rules.json -o "$TMPDIR/cache.toml" 2>/dev/null && cd "$TMPDIR" && cachectl -c cache.toml validate
