# --provider http is in the one provider set, but the purge webhook has no header profile: usage error saying what to pass
cachectl -c tests/cli/fixtures/headers.toml headers --provider http /
