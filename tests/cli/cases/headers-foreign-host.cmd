# a URL whose host is not one of [site] origins gets a note on stderr (rules match the path only); a configured origin gets none
cachectl -c examples/netlify-isr.toml headers https://evil.example.net/blog/a https://blog.example.com/blog/b
