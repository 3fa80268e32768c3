# A file that does not exist: status 5.
cachectl import --from netlify-headers tests/fixtures/import/no-such-file
