# vercel.json `has` conditions and a `(\d+)` group cannot be kept: refused with status 1, each at its source line.
cachectl import --from vercel-json tests/fixtures/import/errors/vercel-conditions.json
