# -c wins over CACHECTL_CONFIG
CACHECTL_CONFIG=examples/shop.toml cachectl -c examples/blog.toml match --format tsv /feed.xml
