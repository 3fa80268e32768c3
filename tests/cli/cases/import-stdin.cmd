# The file can be standard input (`-`); diagnostics then name `<stdin>`.
cachectl import --from cloudflare-pages - < tests/fixtures/import/cloudflare-hugo.headers
