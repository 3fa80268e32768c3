# simulate on a CloudFront standard log (tab separated, #Version and #Fields header lines): recognised by auto, the viewer's Host from x-host-header, the query joined from cs-uri-query
cachectl -c examples/blog.toml simulate --log tests/cli/fixtures/cloudfront-access.log
