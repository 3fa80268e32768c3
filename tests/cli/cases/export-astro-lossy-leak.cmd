# export --to astro --lossy writes cache = false as maxAge 0, with a warning
cachectl -c tests/cli/fixtures/export-leak.toml export --to astro --lossy
