# validate: globs, :name parameters and regex groups of other tools are errors at their column, with the Astro translation (exit 1)
cachectl validate tests/cli/fixtures/foreign-syntax.toml
