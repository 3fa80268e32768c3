# '-' reads URLs from stdin: blank lines, # comments, CRLF and surrounding blanks are skipped
cachectl -c examples/blog.toml match --format tsv -
