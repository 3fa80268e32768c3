# shop.toml: under never a trailing slash only matches through a rest, which swallows it
cachectl -c examples/shop.toml match --format tsv /cart/ /p/123/ /account/ /c/shoes/ /about/ /p/-x /p/a-
