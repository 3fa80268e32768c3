# simulate: unparsable lines are skipped and shown by line number (the first five), lines a little out of order are replayed later with a warning
cachectl -c examples/blog.toml simulate --log - --format json
