# the config cannot be loaded: status 3
cachectl -c tests/cli/fixtures/does-not-exist.toml headers /
