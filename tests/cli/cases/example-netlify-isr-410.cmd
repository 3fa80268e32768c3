# a negative status without a status entry keeps at most negative_max_age (default 180 s), named by --explain
cachectl -c examples/netlify-isr.toml headers --status 410 --explain /blog/gone
