# test: an expectation file that does not exist (3)
cachectl -c examples/blog.toml test tests/cli/fixtures/no-such.test.toml
