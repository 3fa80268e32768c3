# test --coverage: every rule of every example wins a case (100 %), so --fail-under 100 passes
cachectl test --coverage --fail-under 100 examples/blog.test.toml examples/docs.test.toml examples/shop.test.toml
