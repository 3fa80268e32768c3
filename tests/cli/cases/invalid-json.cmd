# invalid inputs in JSON carry the message and the byte offset
cachectl -c examples/blog.toml match --format json /a%zz /a%00b "$(printf '/x/\033[31m')" blog/x
