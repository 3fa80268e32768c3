// Flattening: a platform's layered rules as cache.toml's single-winner rules, checked URL by URL
// against the platform's own layering.
#pragma once

#include "import_model.hpp"
#include "platform_paths.hpp"

#include <functional>
#include <map>
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
  /// Non-null: a matcher over all the rules at once (Nitro's radix3), giving the rules that match
  /// a path in the order their headers are laid over each other, instead of `shape`'s regex.
  std::function<std::vector<std::size_t>(const std::string&)> (*layers)(
      const std::vector<PlatformRule>& rules) = nullptr;
  /// Non-null: what the platform does after laying the headers (Nitro: the Cache-Control of its
  /// cached handler), given the matched rules in that order; `by` names the rule behind a header.
  void (*finish)(const std::vector<PlatformRule>& rules,
                 const std::vector<std::size_t>& matched,
                 std::map<std::string, std::string>& headers,
                 std::map<std::string, std::size_t>& by) = nullptr;
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
