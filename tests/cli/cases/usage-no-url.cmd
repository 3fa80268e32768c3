# usage error (2): match without any URL (checked before the config is read)
cachectl -c examples/blog.toml match
