# match --help: usage of match on stdout, exit 0
cachectl match --help
