// `import --from astro`: Astro's route rules as JSON. Astro gives a request the options of its
// one highest-priority rule, by the priority cachectl implements, so each rule becomes one
// cache.toml rule (no flattening).
#pragma once

#include "import_flatten.hpp"

#include <string_view>

namespace cachectl::interop {

/// The route rules of a JSON object (or of its `routeRules` or `experimental.routeRules`) as a
/// cache.toml: `maxAge` → max_age, `swr` → swr, `tags` → tags. What Astro's config schema
/// refuses (a negative or fractional number, tags that are not strings) is an `import-syntax`
/// error; what it ignores is a note; what a cache.toml would read otherwise (a tag with `{`) is
/// a loss.
Flattened import_astro(std::string_view text, std::string_view file, bool lossy, bool& malformed);

} // namespace cachectl::interop
