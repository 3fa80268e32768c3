# usage error (2): no arguments at all prints the help on stderr
cachectl
