// Small ASCII text helpers shared by the library's modules.
#pragma once

#include <string>
#include <string_view>

namespace cachectl {

/// `text` without leading and trailing spaces and tabs (OWS, RFC 9110 5.6.3).
std::string_view trim_ows(std::string_view text);

/// The ASCII lowercase form of `text` (other bytes unchanged).
std::string ascii_lower(std::string_view text);

/// `text` with `%XX` escapes decoded; a `%` not followed by two hex digits is kept as written.
std::string percent_decode(std::string_view text);

} // namespace cachectl
