// String order of JavaScript's `localeCompare` (ICU root collation), as Astro sorts routes.
#pragma once

#include <string>
#include <string_view>

namespace cachectl {

/// Compares like `a.localeCompare(b)` under Node's default ICU locale: < 0, 0 or > 0.
/// Printable ASCII uses an exact emulation; anything else goes through ICU.
int locale_compare(std::string_view a, std::string_view b);

/// For printable ASCII `text`: appends to `key` bytes whose byte order (unsigned, shorter
/// first) is locale_compare's order of such texts, and returns true. Otherwise returns false
/// and leaves `key` alone.
bool append_locale_key(std::string_view text, std::string& key);

} // namespace cachectl
