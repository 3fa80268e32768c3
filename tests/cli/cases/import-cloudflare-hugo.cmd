# A Hugo site's Cloudflare Pages _headers with `! Name` detaches: imported exactly (a rule for `/css` itself, which `/css/*` does not match); the result validates clean.
cachectl import --from cloudflare-pages tests/fixtures/import/cloudflare-hugo.headers -o "$TMPDIR/cache.toml" && cat "$TMPDIR/cache.toml" && cd "$TMPDIR" && cachectl -c cache.toml validate
