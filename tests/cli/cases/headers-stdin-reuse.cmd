# one rule's headers reused from URL to URL only where no URL can change them: each post keeps its own tag, /search?q=x is not cached while /search before and after it is
cachectl -c tests/cli/fixtures/headers-reuse.toml headers --provider fastly -
