# simulate --shard with a finite --capacity is refused (exit 2): a full cache evicts across keys, so a shard cannot be replayed alone
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --capacity 1MB --shard 0/2
