# A Cloudflare _headers line without `:` and a path without headers: status 3, at line:col.
cachectl import --from cloudflare-pages tests/fixtures/import/errors/bad-cloudflare.headers
