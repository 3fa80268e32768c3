# several params in one segment: shortest-first captures; ties broken by collation
cachectl -c tests/cli/fixtures/params.toml match --format tsv /en-v1 /en-us-v1 /x-x-y /en-v1- /-v1 /en-
