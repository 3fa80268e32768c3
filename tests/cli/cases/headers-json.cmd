# --format json: cacheable, bypassed by a cookie, opted out, unmatched
cachectl -c tests/cli/fixtures/headers.toml headers --provider fastly --format json -H "Cookie: theme=dark; wp_logged_in_7=x" /blog/a /api/users /nope; echo "status $?"; cachectl -c tests/cli/fixtures/headers.toml headers --provider fastly --format json /blog/a
