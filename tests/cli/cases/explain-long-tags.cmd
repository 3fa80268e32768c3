# match --explain keeps the origin column aligned when a tag list is wider than 32 columns; wider than 60, the origin goes on the next line in that column
cachectl -c tests/cli/fixtures/long-tags.toml match --explain /blog/hello-world-post /docs/getting-started
