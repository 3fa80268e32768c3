# Nitro's Netlify `isr` setup written as cache.toml gives what Nitro's preset sends, byte for byte
# (https://github.com/nitrojs/nitro/blob/main/test/presets/netlify.test.ts): browsers revalidate,
# Netlify's CDN keeps it with a year of stale-while-revalidate; Netlify-Vary keys on ?page only
cachectl -c examples/netlify-isr.toml headers '/blog/hello?page=2&utm_source=x'
