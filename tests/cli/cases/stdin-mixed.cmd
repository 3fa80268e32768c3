# '-' among URL arguments: stdin lines are read at its place
cachectl -c examples/blog.toml match --format tsv /admin - /feed.xml
