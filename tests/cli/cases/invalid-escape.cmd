# invalid: malformed percent-escapes (bad hex, truncated at the end), in the path and the query
cachectl -c examples/blog.toml match /a%zz /a% /a%4 '/feed.xml?x=%g0'
