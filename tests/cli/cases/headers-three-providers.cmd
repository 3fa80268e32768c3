# one URL for fastly, akamai (Edge-Control units, escaped tag) and vercel
for p in fastly akamai vercel; do echo "== $p"; cachectl -c examples/blog.toml headers --provider $p /blog/hello-world 2>&1; done
