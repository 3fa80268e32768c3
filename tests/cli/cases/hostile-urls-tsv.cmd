# hostile URL corpus (tests/fixtures/hostile-urls.txt) on stdin, --format tsv; long runs shown as {N*x}
tests/fixtures/hostile-urls-check inputs > "$TMPDIR/in" && cachectl -c tests/fixtures/hostile.toml match --format tsv - < "$TMPDIR/in" > "$TMPDIR/out"; s=$?; tests/fixtures/hostile-urls-check shorten < "$TMPDIR/out"; exit $s
