# simulate: a line more than 60 s before an earlier one stops the replay (exit 5)
cachectl -c examples/blog.toml simulate --log -
