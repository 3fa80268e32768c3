# What Astro's config schema refuses (a fractional or negative maxAge, a tag that is not a string): status 3.
cachectl import --from astro tests/fixtures/import/errors/astro-schema.json
