# invalid UTF-8 in --format json: a JSON line per input, not a crash (also for a raw byte in a valid URL's query)
cachectl -c examples/blog.toml match --format json "$(printf '/caf\351')" /feed.xml "$(printf '/feed.xml?\351')"
