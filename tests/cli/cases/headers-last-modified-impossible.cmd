# --last-modified with a date of the right shape that does not exist says it is impossible (usage error 2), not that it is not RFC 3339
cachectl -c examples/blog.toml headers /blog/x --last-modified 2024-02-30T10:00:00Z; echo "status $?"; cachectl -c examples/blog.toml headers /blog/x --last-modified 'Mon, 06 Nov 1994 08:49:37 GMT'; echo "status $?"
