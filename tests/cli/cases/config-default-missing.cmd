# config error (3): no -c, no CACHECTL_CONFIG and no ./cache.toml
cd "$(mktemp -d)" && cachectl match /x
