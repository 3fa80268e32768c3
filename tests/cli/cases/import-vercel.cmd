# A vercel.json with regex sources (`(.*)`, `:lang(en|de|fr)`): imported exactly to standard output.
cachectl import --from vercel-json tests/fixtures/import/vercel.json
