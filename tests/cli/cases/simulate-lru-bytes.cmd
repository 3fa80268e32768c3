# simulate: a byte capacity under LRU and purging everything every hour
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --capacity 256KB --purge-every 1h
