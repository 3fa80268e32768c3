# simulate --compare with a config that cannot be loaded (exit 3)
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --compare tests/cli/fixtures/bad-duration.toml
