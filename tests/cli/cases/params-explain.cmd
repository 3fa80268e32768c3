# --explain of ties between mixed segments and of static vs leading rest
cachectl -c tests/cli/fixtures/params.toml match --explain /x-x-y /files/static
