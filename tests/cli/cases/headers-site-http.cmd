# [site] provider = "http" has no header profile: usage error until --provider is given
cachectl -c tests/cli/fixtures/headers-site-http.toml headers /; echo "status $?"; cachectl -c tests/cli/fixtures/headers-site-http.toml headers --provider bunny /
