# simulate --policy must be lru or sieve (exit 2)
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --capacity 1MB --policy fifo
