# validate --provider akamai: Akamai refuses ':' in tags; cloudflare accepts it
cachectl validate --provider akamai --provider cloudflare examples/blog.toml
