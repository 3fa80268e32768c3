# an invalid URL and a redirect get no headers; status 1
cachectl -c tests/cli/fixtures/headers.toml headers '/a%zz' //blog/a /blog/a
