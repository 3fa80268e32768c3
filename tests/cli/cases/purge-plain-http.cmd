# an http:// endpoint that is not loopback is refused before anything is sent (exit 3)
printf 'version = 1\n[providers.cloudflare]\nzone_id = "0123456789abcdef0123456789abcdef"\nendpoint = "http://api.example.com/client/v4"\n' > "$TMPDIR/c.toml"
CLOUDFLARE_API_TOKEN=x cachectl -c "$TMPDIR/c.toml" purge --provider cloudflare --tag blog
