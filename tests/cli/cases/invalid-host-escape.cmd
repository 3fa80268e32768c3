# invalid: malformed or NUL escapes in the host are rejected like in the path
cachectl -c examples/blog.toml match --format tsv http://%zz/feed.xml http://h%00/feed.xml http://h/feed.xml
