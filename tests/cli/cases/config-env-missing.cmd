# config error (3): CACHECTL_CONFIG names a missing file
CACHECTL_CONFIG=tests/cli/fixtures/does-not-exist.toml cachectl match /
