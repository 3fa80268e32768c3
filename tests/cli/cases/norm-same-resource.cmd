# every spelling of /blog/featured reaches the same rule
cachectl -c examples/blog.toml match --format tsv /blog/featured /blog/%66eatured /blog/./featured /blog/x/../featured 'HTTP://BLOG.example.com:80/blog/featured#top' '/blog/featured?x=1'
