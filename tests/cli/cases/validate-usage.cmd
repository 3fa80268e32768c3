# validate: bad --format and --provider values are usage errors (2)
cachectl validate --format xml examples/blog.toml; echo "status $?"; cachectl validate --provider cloudfare examples/blog.toml
