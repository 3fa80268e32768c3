# invalid: an encoded NUL
cachectl -c examples/blog.toml match /a%00b
