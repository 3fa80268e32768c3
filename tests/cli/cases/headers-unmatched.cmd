# a URL that matches no rule: nothing on stdout, why on stderr, status 1
cachectl -c tests/cli/fixtures/headers.toml headers /nope
