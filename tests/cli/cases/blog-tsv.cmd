# blog.toml --format tsv: input, status, path, rule, params
cachectl -c examples/blog.toml match --format tsv / /blog/featured /blog/hello /blog/tag/x/page/2 /blog/a/b /admin
