# --from reads targets line by line; a line that is no target, or `everything` without --yes, fails alone
cachectl -c tests/cli/fixtures/purge.toml purge --dry-run --from tests/cli/fixtures/purge-targets.txt --failed-out "$TMPDIR/failed.txt"; if test -e "$TMPDIR/failed.txt"; then echo "failed-out written"; else echo "failed-out: not written (a dry run writes nothing)"; fi
