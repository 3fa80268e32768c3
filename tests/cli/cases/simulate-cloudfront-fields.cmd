# simulate --log-format cloudfront: columns by the #Fields line (reordered, an unknown column), `-` as empty; a #Fields line without sc-status, a status 000 and a short line are unparsable, shown by line number
cachectl -c examples/blog.toml simulate --log - --log-format cloudfront --format json | grep -E '"(requests|hits|misses|unparsable|line|message|format)"' | head -n 14
