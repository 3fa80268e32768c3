# Invalid JSON: status 3 at the line:col of the error.
cachectl import --from vercel-json tests/fixtures/import/errors/bad.json
