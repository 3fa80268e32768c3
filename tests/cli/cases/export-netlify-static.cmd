# export --to netlify-headers: least specific first, rests as :rest/* (no bleeding into /blogger)
cachectl -c examples/static-site.toml export --to netlify-headers
