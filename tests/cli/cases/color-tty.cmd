# auto colors a terminal when NO_COLOR is unset (script provides the tty)
env -u NO_COLOR TERM=xterm script -qec 'cachectl -c examples/blog.toml match /feed.xml' /dev/null | tr -d '\r' | cat -v
