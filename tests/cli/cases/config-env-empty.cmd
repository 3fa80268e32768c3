# an empty CACHECTL_CONFIG counts as unset: same message as without it
cd "$(mktemp -d)" && CACHECTL_CONFIG= cachectl match /x
