# usage error (2): a subcommand that does not exist is named as such
cachectl frobnicate /x
