# the route-rules example exports to nitro and to astro with no diagnostic (exit 0, nothing on stderr)
cachectl -c examples/ssr-route-rules.toml export --to nitro -o "$TMPDIR/n.json" && cachectl -c examples/ssr-route-rules.toml export --to astro -o "$TMPDIR/a.json" && echo "exported exactly"
