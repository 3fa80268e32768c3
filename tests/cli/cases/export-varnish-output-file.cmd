# export --to varnish -o writes the file and prints nothing
cachectl -c examples/static-site.toml export --to varnish -o "$TMPDIR/cachectl.vcl" && head -7 "$TMPDIR/cachectl.vcl"
