// A platform's path syntax read twice: as the platform matches it (an ECMAScript regular
// expression, as its own JavaScript builds it) and as the cache.toml patterns covering the same
// URLs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// One platform path, both ways.
struct PathShape {
  std::string regex;  ///< anchored ECMAScript regular expression; empty: not modelled
  bool icase = false; ///< matched ignoring case (Netlify)
  std::vector<std::string> placeholders; ///< names of the capture groups, in order (Cloudflare)
  /// Patterns (Astro syntax) whose union is meant to be the URLs the path matches; also the
  /// narrower spellings needed where a pattern matches more (a rest's empty spelling).
  std::vector<std::string> patterns;
  std::string problem; ///< non-empty: no pattern spelling (why); `patterns` is empty
  std::string bleed;   ///< non-empty: a URL the platform matches and the patterns may not
};

/// Netlify's `for` path (@netlify/headers-parser for_regexp.ts).
PathShape netlify_path(std::string_view path);
/// Cloudflare Pages' path (workers-shared rules-engine.ts generateRuleRegExp).
PathShape cloudflare_path(std::string_view path);
/// vercel.json's `source` (path-to-regexp 6, strict and case-sensitive, as routing-utils).
PathShape vercel_source(std::string_view source);

} // namespace cachectl::interop
