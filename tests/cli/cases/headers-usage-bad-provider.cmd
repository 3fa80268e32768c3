# --provider takes the one provider set of every command; a name outside it is a usage error
cachectl -c tests/cli/fixtures/headers.toml headers --provider nope /
