# config error (3): a value of the wrong type, pointing at the value
cachectl -c tests/cli/fixtures/wrong-type.toml match /a
