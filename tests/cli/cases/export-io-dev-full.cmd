# export -o to a full disk: exit 5
cachectl -c examples/static-site.toml export --to cloudflare-pages -o /dev/full
