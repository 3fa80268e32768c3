# without -c or CACHECTL_CONFIG, ./cache.toml is read
cp examples/shop.toml "$TMPDIR/cache.toml" && cd "$TMPDIR" && cachectl match --format tsv /cart /p/1 && cachectl match --format json /cart
