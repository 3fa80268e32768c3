// `[site] origins` and the host of a URL given to `match` or `headers`.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/pattern/url.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cachectl {

/// A sentence for a full URL whose origin (scheme, host, port) is not one of `[site] origins`
/// (or when no origins are configured): rules match paths only, so the host was not checked.
/// nullopt for a path, or for a URL of a configured origin.
std::optional<std::string> foreign_origin_note(const Config& config, const NormalizedUrl& url);

/// `foreign_origin_note` with `[site] origins` normalized once, for a stream of URLs.
class OriginCheck {
public:
  /// Normalizes the configured origins of `config`.
  explicit OriginCheck(const Config& config);

  /// The note for `url`, as `foreign_origin_note` gives it.
  std::optional<std::string> note(const NormalizedUrl& url) const;

private:
  std::vector<std::string> m_origins; ///< `scheme://host[:port]` of each configured origin
  std::string m_listed;               ///< the origins as written, for the note
};

} // namespace cachectl
