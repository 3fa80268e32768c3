# tsv: an input with a line break or CR stays on one row (like a tab, it becomes a space)
cachectl -c examples/blog.toml match --format tsv "$(printf '/a\nb')" "$(printf '/c\rd')" /feed.xml
