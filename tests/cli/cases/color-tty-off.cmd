# on a terminal: NO_COLOR=1, TERM=dumb and --color=never each turn color off
TERM=xterm script -qec 'NO_COLOR=1 cachectl -c examples/blog.toml match /feed.xml; NO_COLOR= TERM=dumb cachectl -c examples/blog.toml match /p; NO_COLOR= cachectl --color=never -c examples/blog.toml match /q' /dev/null | tr -d '\r' | cat -v
