# a read error is an error (5), not "no URLs": stdin that is a directory, for match and headers
cachectl -c examples/blog.toml match - < examples; echo "match: $?"; cachectl -c examples/blog.toml headers - < examples; echo "headers: $?"
