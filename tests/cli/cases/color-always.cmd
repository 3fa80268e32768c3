# --color=always paints stdout even into a pipe (escape codes shown by cat -v)
out=$(cachectl --color=always -c examples/blog.toml match --explain /blog/featured /nope /a%zz); s=$?; printf '%s\n' "$out" | cat -v; exit $s
