# test: the examples meet their expectation files
cachectl test examples/blog.test.toml examples/docs.test.toml examples/shop.test.toml
