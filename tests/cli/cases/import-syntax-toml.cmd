# Invalid TOML in netlify.toml: status 3 at the line:col of the error.
cachectl import --from netlify-toml tests/fixtures/import/errors/bad.toml
