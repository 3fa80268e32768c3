// `import --from vercel-json`: the `headers` array of vercel.json.
#pragma once

#include "import_model.hpp"

#include <string_view>

namespace cachectl::interop {

/// The `headers` entries of a vercel.json (`source`, `headers: [{key, value}]`, `has` and
/// `missing` kept as the rule's condition); other top-level keys are ignored.
PlatformFile parse_vercel_json(std::string_view text, std::string_view file);

} // namespace cachectl::interop
