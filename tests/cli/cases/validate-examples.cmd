# validate: the examples are clean (at most notes); several files in one run
cachectl validate examples/blog.toml examples/docs.toml examples/shop.toml
