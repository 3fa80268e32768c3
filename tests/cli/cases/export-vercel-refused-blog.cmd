# export --to vercel-json refuses blog.toml's bypass and tags from params
cachectl -c examples/blog.toml export --to vercel-json
