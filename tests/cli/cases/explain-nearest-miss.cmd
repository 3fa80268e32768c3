# match --explain on a URL no rule serves names the nearest miss: the trailing-slash mode, a misspelt segment, a missing [param] segment; nothing when no rule is close
cachectl -c tests/cli/fixtures/nearest-miss.toml match --explain /favicon.svg/ /docs/guides/x /blog /pricing; cachectl -c tests/cli/fixtures/nearest-miss.toml match --explain --format json /favicon.svg/
