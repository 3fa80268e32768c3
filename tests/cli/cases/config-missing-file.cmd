# config error (3): -c names a file that does not exist
cachectl -c tests/cli/fixtures/does-not-exist.toml match /
