# every long flag in --help is documented in its man page, and every command has a page
python3 tests/cli/check-man-flags "$(command -v cachectl)"
