# export --to nitro --lossy under a base and trailing_slash = "always", with a parameter inside a segment: each a warning
cachectl -c examples/docs.toml export --to nitro --lossy -o "$TMPDIR/rules.json"; echo "status $?"; head -c 300 "$TMPDIR/rules.json"
