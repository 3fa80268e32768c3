# --provider http: the purge webhook has no header profile, so it is not a choice
cachectl -c tests/cli/fixtures/headers.toml headers --provider http /
