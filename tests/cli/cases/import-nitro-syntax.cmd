# Invalid JSON in Nitro route rules: status 3 at the line:col of the error.
cachectl import --from nitro tests/fixtures/import/errors/nitro-syntax.json
