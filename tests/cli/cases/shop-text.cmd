# shop.toml (trailing_slash never): lazy multi-param capture, empty rests, catch-all
cachectl -c examples/shop.toml match / /p/123-red-shoe /p/123 /c/shoes /c/shoes/red/42 /api/stock/9 /cart /checkout/pay /account /static/app.js /about
