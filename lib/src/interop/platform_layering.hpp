// A platform's layering of its header rules: the cache headers it gives one path, modelled by
// the same regular expressions its JavaScript builds (platform_paths.cpp), or by its own matcher.
#pragma once

#include "header_options.hpp"
#include "import_flatten.hpp"

#include <cachectl/headers/headers.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// What the Cloudflare asset server sends when no rule sets Cache-Control (handler.ts).
inline constexpr std::string_view asset_cache_control = "public, max-age=0, must-revalidate";

/// One platform rule, compiled.
struct CompiledPlatformRule {
  PathShape shape;
  std::optional<std::regex> regex; ///< nullopt: not in the model (a condition, a bad expression)
};

/// The cache headers the platform gives one path, and the rules that matched it.
struct PlatformEffect {
  HeaderMap headers;                     ///< cache headers only, lowercase names
  std::map<std::string, std::size_t> by; ///< header → the last rule that set it
  std::vector<std::size_t> matched;
  /// Cloudflare: a `! Cache-Control` removed it and no later rule set it again, so the response
  /// has none at all, where a cache.toml rule without one gets the asset's own value.
  bool cache_control_detached = false;
};

/// The platform's matcher over all the rules (Platform::layers); empty for the regex platforms.
using Layers = std::function<std::vector<std::size_t>(const std::string&)>;

/// The cache headers `platform` gives `path` under `rules` (compiled as `compiled`, or matched by
/// `layers` when the platform has its own matcher).
PlatformEffect platform_effect(const std::vector<PlatformRule>& rules,
                               const std::vector<CompiledPlatformRule>& compiled,
                               const Platform& platform,
                               const std::string& path,
                               const Layers& layers);

} // namespace cachectl::interop
