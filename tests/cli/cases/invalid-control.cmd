# invalid: raw control characters (tab, DEL)
cachectl -c examples/blog.toml match "$(printf '/a\tb')" "$(printf '/a\177')"
