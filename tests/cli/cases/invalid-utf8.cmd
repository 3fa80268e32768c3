# invalid: raw and escaped bytes that are not UTF-8 (overlong, surrogate)
cachectl -c examples/blog.toml match "$(printf '/caf\351')" /%c0%af /%ed%a0%80 /caf%C3%A9
