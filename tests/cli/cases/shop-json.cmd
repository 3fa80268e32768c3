# shop.toml --format json: statuses/methods options, cache = false drops the defaults
cachectl -c examples/shop.toml match --format json /p/123-red-shoe /api/stock/9 /account
