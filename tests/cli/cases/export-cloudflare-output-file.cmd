# export -o writes the file and prints nothing
cachectl -c examples/static-site.toml export --to cloudflare-pages -o "$TMPDIR/_headers" && head -5 "$TMPDIR/_headers"
