# exit status 1 when any input is unmatched, invalid, outside the base or redirected
cachectl -c examples/docs.toml match --format tsv /docs/en/ /docs/en /docs/%zz /docs /elsewhere/
