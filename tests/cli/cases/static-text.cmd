# static pattern text is canonicalized like paths: raw UTF-8, escapes, brackets, ? and # all meet
cachectl -c tests/cli/fixtures/static-text.toml match --format tsv /café /caf%c3%a9 /caf%C3%A9/ '/[x]' /%5bx%5d /a.b/c%3fd%23e '/a.b/c?d#e' /~user /%7euser
