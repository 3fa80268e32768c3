# blog.toml --format json: one JSON object per line, all matched
cachectl -c examples/blog.toml match --format json /blog/hello /assets/x.css /admin
