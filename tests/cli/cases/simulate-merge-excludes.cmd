# simulate --merge reads no log and takes its settings from the shards: --log (or --pops, --capacity, ...) with it is a usage error (exit 2)
cachectl simulate --merge a.json --log tests/cli/fixtures/blog-access.log
