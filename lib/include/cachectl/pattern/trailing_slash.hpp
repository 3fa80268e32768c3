// The trailing-slash modes of Astro's `trailingSlash` option.
#pragma once

#include <optional>
#include <string_view>

namespace cachectl {

/// How a route treats a trailing `/` (Astro semantics).
enum class TrailingSlash {
  ignore, ///< `/about` and `/about/` both match
  always, ///< only `/about/` matches
  never,  ///< only `/about` matches (a standalone rest still swallows the slash)
};

/// The config spelling of a mode: "ignore", "always" or "never".
std::string_view to_string(TrailingSlash mode);

/// Parses the config spelling; nullopt for anything else.
std::optional<TrailingSlash> parse_trailing_slash(std::string_view text);

} // namespace cachectl
