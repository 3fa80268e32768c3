# docs.toml: /docs redirects to /docs/, no slash means no match, outside the base
cachectl -c examples/docs.toml match /docs /docs/ /docs/en /docs/en/guide /other/ /docsx/ /
