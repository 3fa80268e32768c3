# A route rules file written by `export --to nitro` (examples/ssr-route-rules.toml): imported exactly, with the generic profile its headers are written for.
cachectl import --from nitro tests/fixtures/import/nitro-cache-rules.json
