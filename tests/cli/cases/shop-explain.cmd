# shop.toml --explain
cachectl -c examples/shop.toml match --explain /p/123-red-shoe /account /cart/
