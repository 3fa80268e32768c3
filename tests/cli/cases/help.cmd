# --help: usage on stdout, exit 0
cachectl --help
