# simulate --merge with a shard given twice is refused (exit 2), naming both files
cp examples/blog.toml tests/cli/fixtures/blog-access.log "$TMPDIR" && cd "$TMPDIR" && for i in 0 1; do cachectl -c blog.toml simulate --log blog-access.log --shard $i/2 > s$i.json; done && cp s1.json again.json && cachectl simulate --merge s0.json s1.json again.json
