# validate: the examples have no errors; several files in one run; the Akamai shop sets swr and stale_if_error, which Akamai drops (provider-drops-option)
cachectl validate examples/blog.toml examples/docs.toml examples/shop.toml
