# only unreserved escapes are decoded; others uppercased; %2F is never a separator; raw space encoded
cachectl -c examples/blog.toml match --explain /blog/%41%62c /assets/%e2%82%ac /blog/a%2fb /blog/a%2F..%2Ffeatured '/blog/a b'
