# export --to vercel-json: one entry per rule, each source excluding the higher-priority rules it overlaps
cachectl -c examples/static-site.toml export --to vercel-json
