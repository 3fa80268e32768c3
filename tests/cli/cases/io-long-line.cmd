# a 20 MB line on stdin is refused as longer than the URL limit, echoed capped, and the next line still read
python3 -c 'import sys; sys.stdout.write("/blog/" + "a" * 20000000 + "\n/blog/ok\n")' | cachectl -c examples/blog.toml match --format json -
