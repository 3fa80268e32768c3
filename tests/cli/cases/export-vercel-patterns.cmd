# vercel-json expresses what _headers cannot: params glued to text, two rests, text with a colon
cachectl -c tests/cli/fixtures/export-patterns.toml export --to vercel-json
