# --explain on the base itself: / beats /[...rest] (shorter route wins)
cachectl -c tests/cli/fixtures/base-never.toml match --explain /shop
