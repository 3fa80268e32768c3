# usage error (2): --color value not in auto|always|never
cachectl --color=sometimes -c examples/blog.toml match /
