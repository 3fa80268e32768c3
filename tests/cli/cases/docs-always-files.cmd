# docs.toml: under always even file-like paths need the slash (cache rules are pages, no endpoint override); without it they match nothing
cachectl -c examples/docs.toml match --format tsv /docs/_assets/app.css /docs/_assets/app.css/
