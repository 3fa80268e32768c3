# export --to nitro refuses a rule without a header a less specific rule sets (Nitro merges every matching route rule); --lossy writes it with a warning
cachectl -c tests/cli/fixtures/export-leak.toml export --to nitro; echo "status $?"; cachectl -c tests/cli/fixtures/export-leak.toml export --to nitro --lossy
