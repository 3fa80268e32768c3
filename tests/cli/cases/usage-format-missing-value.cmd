# usage error (2): --format without a value
cachectl -c examples/blog.toml match / --format
