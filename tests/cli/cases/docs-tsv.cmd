# docs.toml --format tsv of every kind of result
cachectl -c examples/docs.toml match --format tsv /docs /docs/ /docs/en /docs/en/ /docsx/ //docs/en/ /docs/%zz
