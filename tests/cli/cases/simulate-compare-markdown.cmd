# simulate --compare --format markdown: posts cached an hour instead of 5 minutes, the table for a pull request
cp examples/blog.toml tests/cli/fixtures/blog-access.log "$TMPDIR" && cd "$TMPDIR" && sed "s/^max_age = 300$/max_age = 3600/" blog.toml > blog-longer.toml && cachectl -c blog.toml simulate --log blog-access.log --compare blog-longer.toml --format markdown
