# validate --list-codes: every code with its severity
cachectl validate --list-codes
