# validate -q: notes are dropped
cachectl -q validate examples/blog.toml
