# export with a config that cannot be loaded: exit 3, the loader's diagnostics
cachectl -c tests/cli/fixtures/does-not-exist.toml export --to vercel-json
