// The JSON Schema of cache.toml, generated from the key table (schema/cachectl.schema.json is
// this output; a test fails when the two differ).
#pragma once

#include <string>

namespace cachectl {

/// A JSON Schema (draft-07, as Taplo / Even Better TOML read it) for config version 1,
/// pretty-printed with a trailing newline.
std::string config_json_schema();

} // namespace cachectl
