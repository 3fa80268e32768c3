# simulate: a log that does not exist (exit 5)
cachectl -c examples/blog.toml simulate --log no-such-access.log
