# A format import does not read: status 2 with the list.
cachectl import --from nginx tests/fixtures/import/vercel.json
