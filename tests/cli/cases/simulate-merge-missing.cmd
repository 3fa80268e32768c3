# simulate --merge without every shard is refused (exit 2), naming the missing one
cp examples/blog.toml tests/cli/fixtures/blog-access.log "$TMPDIR" && cd "$TMPDIR" && for i in 0 2; do cachectl -c blog.toml simulate --log blog-access.log --shard $i/3 > s$i.json; done && cachectl simulate --merge s0.json s2.json
