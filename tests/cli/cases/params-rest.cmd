# rests: empty rest is absent (and its tag template expands to nothing), rest in the middle, rest inside a segment
cachectl -c tests/cli/fixtures/params.toml match /files /files/a/b/ /files/static /static /a/b/static/ /api/catch/b/c.json /api/catch/.json
