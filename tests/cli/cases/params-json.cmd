# tag templates in JSON: expanded, [defaults] tags first, duplicates dropped
cachectl -c tests/cli/fixtures/params.toml match --format json /en-us-v1 /x-x-y /files
