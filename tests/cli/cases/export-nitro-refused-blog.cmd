# export --to nitro refuses blog.toml's bypass and tags from params (a route rule's headers are static)
cachectl -c examples/blog.toml export --to nitro
