# simulate --format html: one self-contained document (overall, per rule, the hit ratio curve as inline SVG)
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/blog-access.log --format html
