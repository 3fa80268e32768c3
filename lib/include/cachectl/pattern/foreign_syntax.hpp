// Route syntax of other tools (Netlify/Cloudflare globs, path-to-regexp parameters as in
// Next.js and Vercel, regular-expression groups) found in an Astro pattern, with translations.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// Route syntax of another tool in a pattern: a glob (`*`, `**`), a path-to-regexp parameter
/// (`:id`, `:path*`) or a regular-expression group (`(.*)`), with its Astro translation.
/// Astro reads these as literal text, so the pattern would match nothing anyone meant.
struct ForeignSyntax {
  /// What kind of construct it is.
  enum class Kind { glob, colon_param, regex_group };
  Kind kind = Kind::glob;
  std::size_t column = 1;  ///< 1-based column of the construct in the pattern text
  std::string text;        ///< the construct as written (`**`, `:path*`, `(.*)`)
  std::string replacement; ///< its Astro translation (`[...path]`, `[id]`)
  std::string note;        ///< how the translation differs from the original; may be empty
};

/// Every foreign construct of the pattern text `source` (outside `[...]` parameters), in order.
std::vector<ForeignSyntax> find_foreign_syntax(std::string_view source);

/// `source` with each construct of `found` (from find_foreign_syntax) replaced by its
/// translation.
std::string translate_foreign_syntax(std::string_view source,
                                     const std::vector<ForeignSyntax>& found);

} // namespace cachectl
