# simulate --purge-every takes a duration (exit 2)
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --purge-every soon
