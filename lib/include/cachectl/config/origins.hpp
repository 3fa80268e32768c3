// `[site] origins` and the host of a URL given to `match` or `headers`.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/pattern/url.hpp>

#include <optional>
#include <string>

namespace cachectl {

/// A sentence for a full URL whose origin (scheme, host, port) is not one of `[site] origins`
/// (or when no origins are configured): rules match paths only, so the host was not checked.
/// nullopt for a path, or for a URL of a configured origin.
std::optional<std::string> foreign_origin_note(const Config& config, const NormalizedUrl& url);

} // namespace cachectl
