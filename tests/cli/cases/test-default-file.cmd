# test without FILE: the expectation file named after the config (-c examples/shop.toml: examples/shop.test.toml)
cachectl -c examples/shop.toml test
