# docs.toml: a leading // is redirected whatever trailing_slash says
cachectl -c examples/docs.toml match //docs/en/ //x
