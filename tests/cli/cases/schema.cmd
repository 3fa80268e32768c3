# cachectl schema prints the committed schema/cachectl.schema.json
cachectl schema | cmp - schema/cachectl.schema.json && echo same
