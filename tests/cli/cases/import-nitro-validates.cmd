# The lossy Nuxt import loads and validates (status 0); validate points out the web cache deception risk of the `/account/**` opt-out under a cached `/**`.
cachectl import --from nitro --lossy tests/fixtures/import/nuxt-route-rules.json -o "$TMPDIR/cache.toml" 2>/dev/null && cd "$TMPDIR" && cachectl -c cache.toml validate
