# a single unmatched URL among matched ones is enough for exit status 1
cachectl -c examples/blog.toml match --format tsv /blog/hello /nope /feed.xml
