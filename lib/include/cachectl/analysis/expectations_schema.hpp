// The JSON Schema of expectation files (schema/cachectl-test.schema.json is this output; a test
// fails when the two differ). Option keys come from the config's own schema, so they follow the
// key table.
#pragma once

#include <string>

namespace cachectl {

/// A JSON Schema (draft-07, as Taplo / Even Better TOML read it) for expectation file version 1,
/// pretty-printed with a trailing newline.
std::string expectations_json_schema();

} // namespace cachectl
