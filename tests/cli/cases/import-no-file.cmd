# No FILE: status 2.
cachectl import --from vercel-json
