# match says when the URL's host is not one of [site] origins instead of silently matching its path
cachectl -c examples/netlify-isr.toml match http://blog.example.com/blog/a
