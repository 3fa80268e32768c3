// `import --from netlify-toml`: the `[[headers]]` tables of netlify.toml.
#pragma once

#include "import_model.hpp"

#include <string_view>

namespace cachectl::interop {

/// The `[[headers]]` rules of a netlify.toml (`for` and `[headers.values]`), read as
/// @netlify/headers-parser reads them (netlify_config_parser.ts, normalize.ts): every other key
/// is ignored, an array value joins its items with `, `.
PlatformFile parse_netlify_toml(std::string_view text, std::string_view file);

} // namespace cachectl::interop
