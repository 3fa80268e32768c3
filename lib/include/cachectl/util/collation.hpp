// String order of JavaScript's `localeCompare` (ICU root collation), as Astro sorts routes.
#pragma once

#include <string_view>

namespace cachectl {

/// Compares like `a.localeCompare(b)` under Node's default ICU locale: < 0, 0 or > 0.
/// Printable ASCII uses an exact emulation; anything else goes through ICU.
int locale_compare(std::string_view a, std::string_view b);

} // namespace cachectl
