# --from reads targets line by line; a line that is no target, or `everything` without --yes, fails alone
cachectl -c tests/cli/fixtures/purge.toml purge --dry-run --from tests/cli/fixtures/purge-targets.txt --failed-out "$TMPDIR/failed.txt"; echo "failed-out:"; cat "$TMPDIR/failed.txt"
