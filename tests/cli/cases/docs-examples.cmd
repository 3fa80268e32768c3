# every `$ cachectl …` example in README.md and the man pages prints what it shows (tests/cli/check-doc-examples), so no example can drift
python3 tests/cli/check-doc-examples "$(command -v cachectl)"
