# a mistyped command gets "did you mean" and exit 2, as a command and after `help`; no guess when nothing is close
cachectl mach /x; echo "status $?"; cachectl help valdate; echo "status $?"; cachectl zzzz; echo "status $?"
