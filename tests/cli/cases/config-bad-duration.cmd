# a malformed duration is an error at file:line:col naming the accepted units (exit 3: the config is invalid)
cachectl -c tests/cli/fixtures/bad-duration.toml headers /a
