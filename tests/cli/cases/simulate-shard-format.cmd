# simulate --shard writes JSON only: another --format is a usage error (exit 2) that points at --merge
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --shard 0/2 --format html
