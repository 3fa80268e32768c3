# hostile URL corpus on stdin, --format json: each answer (status, path, rule or exact error and offset) is the one the corpus states
tests/fixtures/hostile-urls-check inputs > "$TMPDIR/in" && cachectl -c tests/fixtures/hostile.toml match --format json - < "$TMPDIR/in" > "$TMPDIR/out"; echo "match exit status $?"; tests/fixtures/hostile-urls-check compare < "$TMPDIR/out"
