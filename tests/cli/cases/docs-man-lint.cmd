# every man page is lint-clean under mandoc -Tlint (mandoc is installed by scripts/setup)
mandoc -Tlint man/*.1 man/*.5 && echo lint-clean
