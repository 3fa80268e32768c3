# --version prints one line and exits 0 (version numbers replaced by N)
v=$(cachectl --version) && printf '%s\n' "$v" | sed -E 's/[0-9]+(\.[0-9]+)+/N/g'
