# hostile URLs with --explain: every normalization step that changed the path, and why the winner won
cachectl -c tests/fixtures/hostile.toml match --explain '/static/%2e%2E/admin/x' 'HTTP://deploy:pw@Example.COM:80/static/..\admin#frag' '/%61dmin;x=1/./secret' '//admin/x'
