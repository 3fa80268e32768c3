# export --to vercel-json --lossy under a /docs base, trailing_slash = "always": the 301 spelling excluded, tags from params left out with a warning each
cachectl -c examples/docs.toml export --to vercel-json --lossy
