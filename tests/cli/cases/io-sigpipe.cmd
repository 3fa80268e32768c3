# a reader that goes away (| head) ends cachectl quietly by SIGPIPE (141 in the shell), even when the parent ignored SIGPIPE
trap '' PIPE; { cachectl -c examples/blog.toml match $(seq -f /blog/%g 1 20000); echo "match: $?" >&2; } | head -n 1; { cachectl -c examples/blog.toml headers $(seq -f /blog/%g 1 20000); echo "headers: $?" >&2; } | head -n 1
