# without NO_COLOR and without --color, a pipe gets no escape codes
env -u NO_COLOR cachectl -c examples/blog.toml match /feed.xml /nope
