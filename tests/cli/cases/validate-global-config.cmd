# validate without files: the -c config is checked
cachectl -c examples/shop.toml validate
