# --color=always paints diagnostics on stderr too
out=$(cachectl --color=always -c tests/cli/fixtures/wrong-type.toml match / 2>&1); s=$?; printf '%s\n' "$out" | cat -v; exit $s
