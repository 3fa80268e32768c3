# The vercel.json import validates clean.
cachectl import --from vercel-json tests/fixtures/import/vercel.json -o "$TMPDIR/cache.toml" && cd "$TMPDIR" && cachectl -c cache.toml validate
