# simulate --format json with a capacity, SIEVE, two PoPs and purge events
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --format json --capacity 10objects --policy sieve --pops 2 --purges tests/cli/fixtures/blog-purges.txt
