# netlify-headers refuses a rule that lacks a header a less specific overlapping rule sets (Netlify cannot remove headers)
cachectl -c tests/cli/fixtures/export-leak.toml export --to netlify-headers; echo "status $?"; cachectl -c tests/cli/fixtures/export-leak.toml export --to netlify-headers --lossy
