# validate --provider all checks every provider's limits and dropped options, as headers --provider all renders every profile
cachectl validate --provider all examples/blog.toml
