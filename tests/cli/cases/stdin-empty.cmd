# '-' with empty stdin: nothing to report, nothing failed
cachectl -c examples/blog.toml match -
