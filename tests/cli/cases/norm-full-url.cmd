# a full URL: userinfo, host case, default port and fragment dropped; query shown
cachectl -c examples/blog.toml match --explain 'https://User:pw@Blog.Example.COM:443/blog/%7ehello?page=2#frag' 'http://h:8080/feed.xml' 'http://[::1]/feed.xml'
