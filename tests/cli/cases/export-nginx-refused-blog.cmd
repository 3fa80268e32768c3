# export --to nginx refuses request-dependent options (bypass cookies/headers/query) at file:line:col; exit 1, no output
cachectl -c examples/blog.toml export --to nginx
