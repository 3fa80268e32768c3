# base "shop/" (normalized to /shop/) with never: /shop/ redirects to /shop
cachectl -c tests/cli/fixtures/base-never.toml match /shop /shop/ /shop/a/ /shopping /
