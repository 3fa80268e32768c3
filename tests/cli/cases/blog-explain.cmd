# blog.toml --explain: option origins and every losing candidate with the reason
cachectl -c examples/blog.toml match --explain /blog/featured /blog/tag/x/page/2 /admin/users
