// Flattening: a platform's layered rules as cache.toml's single-winner rules, checked URL by URL
// against the platform's own layering.
#pragma once

#include "import_model.hpp"
#include "platform_paths.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// How a platform matches and combines its rules.
struct Platform {
  std::string_view format;   ///< `netlify-headers`
  std::string_view display;  ///< `Netlify \`_headers\``
  std::string_view provider; ///< the header profile: `netlify`, `cloudflare`, `vercel`
  /// true: Cloudflare (the first rule setting a header replaces it, later ones append, `!`
  /// detaches); false: a later rule's value replaces an earlier one's (Netlify, Vercel).
  bool appends = false;
  PathShape (*shape)(std::string_view path) = nullptr;
};

/// The flattened config and its diagnostics.
struct Flattened {
  std::string text;
  std::vector<Diagnostic> diagnostics;
  std::size_t losses = 0; ///< diagnostics about what could not be kept
};

/// `rules` of `platform` as a cache.toml (see import.hpp); `file` names the source.
Flattened flatten(const std::vector<PlatformRule>& rules,
                  const Platform& platform,
                  std::string_view file,
                  bool lossy);

} // namespace cachectl::interop
