# simulate without --log is a usage error (exit 2)
cachectl -c examples/blog.toml simulate
