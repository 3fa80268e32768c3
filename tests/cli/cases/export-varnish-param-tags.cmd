# export --to varnish: tags from parameters are regsub captures of bereq.url (percent-encoded); the opt-out is uncacheable
cachectl -c tests/cli/fixtures/export-cache-servers.toml export --to varnish
