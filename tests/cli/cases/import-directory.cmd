# A directory instead of a file: status 5.
cachectl import --from netlify-headers tests/fixtures/import
