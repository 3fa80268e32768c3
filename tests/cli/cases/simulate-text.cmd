# simulate: a generated log of the blog example through its config, text table
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log
