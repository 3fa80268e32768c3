# export refuses patterns _headers cannot match: a param glued to text, two rests, text with a colon
cachectl -c tests/cli/fixtures/export-patterns.toml export --to cloudflare-pages
