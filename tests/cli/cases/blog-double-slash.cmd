# base /: a path starting with // is redirected (Astro Router.match step 1)
cachectl -c examples/blog.toml match //blog/x // /blog//x
