# config error (3): every problem of the file is reported, in file order
cachectl -c tests/cli/fixtures/many-errors.toml match /a
