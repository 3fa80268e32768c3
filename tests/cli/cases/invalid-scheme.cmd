# invalid: schemes other than http(s)
cachectl -c examples/blog.toml match ftp://h/x mailto:x 'javascript:alert(1)'
