# 8192 bytes is the longest URL accepted; 8193 is rejected (the a run is shortened by sed)
a=$(printf '%8184s' '' | tr ' ' a); out=$(cachectl -c examples/blog.toml match "/assets/$a" "/assets/${a}b"); s=$?; printf '%s\n' "$out" | sed -E 's/a{8184}/<8184 x a>/g'; exit $s
