# dot segments removed after %2E is decoded; .. cannot climb above /
cachectl -c examples/blog.toml match --explain /blog/a/./b/../%2e%2e/featured /blog/%2E%2E/feed.xml /blog/.. /../../feed.xml
