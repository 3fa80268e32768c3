# CACHECTL_CONFIG names the config when -c is not given
CACHECTL_CONFIG=examples/shop.toml cachectl match /cart
