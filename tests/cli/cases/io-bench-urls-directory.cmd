# bench --urls DIR is an I/O error (5), not "0 URLs"; a missing file too
cachectl -c examples/blog.toml bench --urls examples; echo "directory: $?"; cachectl -c examples/blog.toml bench --urls no-such-file.txt; echo "missing: $?"
