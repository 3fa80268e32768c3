# --provider all: every profile side by side; settings of [providers.*] applied (cdn_header, durable, tag_header)
cachectl -c tests/cli/fixtures/headers.toml headers --provider all /blog/hello-world
