# simulate --purges: a bad line is named by file:line (exit 2)
cp examples/blog.toml tests/cli/fixtures/blog-access.log "$TMPDIR" && cd "$TMPDIR" && printf "# deploys\n2024-05-01T10:00:00Z tag:blog\nsoon everything\n" > purges.txt && cachectl -c blog.toml simulate --log blog-access.log --purges purges.txt
