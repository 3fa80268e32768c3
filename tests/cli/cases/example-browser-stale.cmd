# browser stale directives in Cache-Control, the CDN's in Cloudflare-CDN-Cache-Control; durations shown in seconds
cachectl -c examples/browser-stale.toml headers --explain /docs/intro
