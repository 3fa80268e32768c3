# purge --dry-run prints the exact vercel requests (secrets masked), sends nothing
cachectl -c tests/cli/fixtures/purge.toml purge --provider vercel --dry-run --rule /blog/[slug] --tag post-hello
