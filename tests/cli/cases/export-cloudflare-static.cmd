# export: a static site as Cloudflare Pages _headers, rules from least to most specific, each detaching what earlier ones set
cachectl -c examples/static-site.toml export --to cloudflare-pages
