# vary = ["query=page"] (Netlify-Vary syntax) is refused by validate, which points to cache_key: headers would drop it
cachectl validate tests/cli/fixtures/vary-query.toml
