# An -o in a directory that does not exist: status 5, nothing written.
cp tests/fixtures/import/vercel.json "$TMPDIR/" && cd "$TMPDIR" && cachectl import --from vercel-json vercel.json -o no/such/dir/cache.toml; echo "status $?"; ls
