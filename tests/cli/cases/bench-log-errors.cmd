# bench --log error paths: standard input (the log is read three times) and --rules with it are usage errors (2); a missing log is an I/O error (5)
cachectl -c examples/blog.toml bench --log -; echo "status $?"; cachectl -c examples/blog.toml bench --log tests/cli/fixtures/blog-access.log --rules 10; echo "status $?"; cachectl -c examples/blog.toml bench --log no-such.log; echo "status $?"
