# blog.toml: static beats [slug] beats [...path]; 5-segment tag route; empty rests
cachectl -c examples/blog.toml match / /blog/featured /blog/hello /blog/tag/svelte/page/2 /blog /blog/2024/recap /feed.xml /assets/css/site.css /admin /admin/users
