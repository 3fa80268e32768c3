# equally specific patterns: ICU order of the whole pattern (a < B, _ < -), not file or byte order
cachectl -c tests/cli/fixtures/collation.toml match --explain /page /p-q_r
