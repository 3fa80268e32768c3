# --explain: every condition that fired (cookie prefix, header, query, per-rule bypass) with where it is configured
cachectl -c tests/cli/fixtures/headers.toml headers --explain -H 'Cookie: wp_logged_in_1=x' -H 'authorization: Bearer t' -H 'X-Preview: 1' '/v1/7?preview=1'
