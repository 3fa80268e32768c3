# --provider all --format json: one record with a providers array
cachectl -c tests/cli/fixtures/headers.toml headers --provider all --format json /assets/app.js
