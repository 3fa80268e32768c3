# docs.toml --explain: the base line, the query, and why candidates lost
cachectl -c examples/docs.toml match --explain /docs/en/v2/intro/ /docs/en/ '/docs/fr/latest/a/?q=1'
