# headers --help lists every flag
cachectl headers --help
