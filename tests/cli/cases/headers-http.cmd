# blog.toml on its [site] provider (cloudflare): the CDN TTL in Cloudflare-CDN-Cache-Control, browsers get browser_max_age
cachectl -c examples/blog.toml headers /blog/hello-world
