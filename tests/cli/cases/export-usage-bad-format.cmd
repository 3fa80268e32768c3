# export --to an unknown format names the known ones
cachectl -c examples/static-site.toml export --to nginx-conf
