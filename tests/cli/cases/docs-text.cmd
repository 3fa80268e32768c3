# docs.toml (base /docs, trailing_slash always): partial segments beat rests
cachectl -c examples/docs.toml match /docs/ /docs/en/ /docs/en/guide/install/ /docs/de/v3/intro/ /docs/de/v3/ /docs/en/v/x/ /docs/en/latest/cli/ /docs/en/api/fs-readFile/ /docs/_search/q/ /docs/_assets/app.css/
