# simulate: an empty log is an error (exit 5), as is one where no line is a request
cachectl -c examples/blog.toml simulate --log - ; echo "exit $?"; printf "junk\n# comment\n" | cachectl -c examples/blog.toml simulate --log -
