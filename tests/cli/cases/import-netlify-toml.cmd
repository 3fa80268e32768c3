# The [[headers]] of a netlify.toml (array values, build settings ignored), with --lossy for the `/_next/static/*` splat; the result validates clean.
cachectl import --from netlify-toml --lossy tests/fixtures/import/netlify.toml -o "$TMPDIR/cache.toml" && cat "$TMPDIR/cache.toml" && cd "$TMPDIR" && cachectl -c cache.toml validate
