# test --generate writes CONFIG.test.toml next to the config, which then passes with 100 % coverage; a second --generate refuses to overwrite it (2)
cp examples/shop.toml "$TMPDIR/shop.toml"; cd "$TMPDIR" && cachectl -c shop.toml test --generate && cachectl test --coverage shop.test.toml | tail -n 1; cachectl -c shop.toml test --generate; echo "exit $?"
