# validate: an unreadable file is an error in the report (exit 1), the others are still checked
cachectl validate tests/cli/fixtures/nope.toml examples/shop.toml
