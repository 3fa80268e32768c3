# netlify-headers refuses netlify-isr.toml: status TTLs and a tag from a parameter
cachectl -c examples/netlify-isr.toml export --to netlify-headers
