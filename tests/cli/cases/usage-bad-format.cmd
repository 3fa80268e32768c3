# usage error (2): --format value not in text|json|tsv
cachectl -c examples/blog.toml match --format xml /
