# usage error (2): unknown option of match
cachectl -c examples/blog.toml match --bogus /
