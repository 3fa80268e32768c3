# export refuses what a static header file cannot express: bypass cookies/headers/query, tags from params; exit 1, no output
cachectl -c examples/blog.toml export --to cloudflare-pages
