# test: --update with --generate, --fail-under out of range, a bad --format (2 each)
cachectl test --update --generate; echo "exit $?"; cachectl test --fail-under 101 examples/blog.test.toml; echo "exit $?"; cachectl test --format xml
