# simulate --capacity without a unit is a usage error (exit 2)
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --capacity 100
