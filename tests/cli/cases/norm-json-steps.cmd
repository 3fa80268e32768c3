# --format json --explain: the normalization steps and the candidates
cachectl -c examples/blog.toml match --format json --explain 'HTTPS://u:p@Example.com:443/blog/%7Ex/./../Feed%2exml?b=%2f#top'
