// `import`: a platform's own header file read into a cache.toml whose single-winner rules give
// every URL the cache headers the platform's layering gives it, or the diagnostics saying what
// could not be kept.
#pragma once

#include <cachectl/lint/diagnostic.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A file format `import` reads.
enum class ImportFormat {
  netlify_headers,  ///< Netlify's `_headers` file
  netlify_toml,     ///< the `[[headers]]` tables of netlify.toml
  cloudflare_pages, ///< `_headers` of Cloudflare Pages / Workers static assets
  vercel_json,      ///< the `headers` array of vercel.json
  nitro,            ///< Nitro's (Nuxt's) `routeRules` as JSON
  astro,            ///< Astro's route rules as JSON
};

/// The command-line names of the import formats, in documentation order.
std::span<const std::string_view> import_format_names();

/// The format named `name` (`vercel-json`); nullopt when there is none.
std::optional<ImportFormat> parse_import_format(std::string_view name);

/// What to do about what a cache.toml cannot keep.
struct ImportOptions {
  /// false: refuse (the diagnostics are errors and no config is written); true: write the
  /// config anyway, the diagnostics (warnings) naming each URL class whose headers differ.
  bool lossy = false;
};

/// An imported config, or why there is none.
struct ImportResult {
  std::string text; ///< the cache.toml; empty when refused
  /// At the source file's `line:col`: syntax errors (`import-syntax`), what cannot be kept
  /// (`import-inexpressible`, or `import-lossy` warnings under `lossy`) and the headers left out
  /// because they are not about caching (`import-dropped` notes).
  std::vector<Diagnostic> diagnostics;
  bool refused = false;   ///< true: no config (an error diagnostic says why)
  bool malformed = false; ///< true: the source file could not be read as its format
};

/// `text`, a file of `format` named `file` (in diagnostics and comments), as a cache.toml whose
/// `cachectl headers --provider P` output equals, for every URL, the cache headers the platform
/// (P: netlify, cloudflare, vercel; for nitro the profile its headers are written for) gives it,
/// unless a diagnostic says otherwise; for astro, whose rules hold options, the same winning
/// rule and options as Astro.
ImportResult import_config(std::string_view text,
                           std::string_view file,
                           ImportFormat format,
                           const ImportOptions& options);

} // namespace cachectl
