# headers --status 404 uses the route's status entry (5 minutes, not the page TTL) and --explain names it
cachectl -c examples/netlify-isr.toml headers --status 404 --explain /blog/missing
