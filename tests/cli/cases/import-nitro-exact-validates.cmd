# The exact Nitro import validates clean.
cachectl import --from nitro tests/fixtures/import/nitro-cache-rules.json -o "$TMPDIR/cache.toml" && cd "$TMPDIR" && cachectl -c cache.toml validate
