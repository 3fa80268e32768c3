# invalid: broken authorities of http(s) URLs
cachectl -c examples/blog.toml match http://u@/x http://h:0/ http://h:99999/ http:/x
