# invalid: not a path starting with / nor an http(s) URL; empty input
cachectl -c examples/blog.toml match blog/x '' '?q' '#f'
