# simulate --shard takes I/N with 0 <= I < N: 3/3, 0/0 and a/b are usage errors (exit 2)
for s in 3/3 0/0 a/b; do cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --shard $s; echo "exit $?"; done
