# Nitro route rules from standard input.
cachectl import --from nitro - < tests/fixtures/import/nitro-cache-rules.json
