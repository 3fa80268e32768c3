# simulate --log-format with a name it does not know (W3C logs other than CloudFront's have no fixed fields): usage error listing the formats
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/cloudfront-access.log --log-format w3c
