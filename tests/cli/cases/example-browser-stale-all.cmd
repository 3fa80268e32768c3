# browser_no_cache and the cache key on every profile: left out with a note where Cache-Control is the CDN's header too
cachectl -c examples/browser-stale.toml headers --provider all --explain /account/settings
