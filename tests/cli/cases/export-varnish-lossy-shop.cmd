# export --to varnish --lossy writes the chain anyway and warns about each URL class that differs
cachectl -c examples/shop.toml export --to varnish --lossy
