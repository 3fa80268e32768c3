# simulate --compare --format html: both curves in one chart with a legend, and the difference per rule
cp examples/blog.toml tests/cli/fixtures/blog-access.log "$TMPDIR" && cd "$TMPDIR" && sed "s/^max_age = 300$/max_age = 10/" blog.toml > shorter.toml && cachectl -c blog.toml simulate --log blog-access.log --compare shorter.toml --format html
