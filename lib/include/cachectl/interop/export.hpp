// `export`: a cache.toml written as a platform's own header file, with the platform's matching
// semantics taken into account, or the diagnostics saying what that file could not express.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/lint/diagnostic.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A file format `export` writes.
enum class ExportFormat {
  netlify_headers,  ///< Netlify's `_headers` file
  netlify_toml,     ///< the `[[headers]]` tables of netlify.toml
  cloudflare_pages, ///< `_headers` of Cloudflare Pages / Workers static assets
  vercel_json,      ///< the `headers` array of vercel.json
  nginx,            ///< an nginx include: `map $uri` and `add_header … always`
  varnish,          ///< a VCL subroutine for `vcl_backend_response`: TTL, grace, xkey
  nitro,            ///< Nitro / Nuxt `routeRules` (headers) as JSON
  astro,            ///< Astro's `routeRules` (maxAge, swr, tags) as JSON
};

/// The command-line names of the export formats, in documentation order.
std::span<const std::string_view> export_format_names();

/// The format named `name` (`cloudflare-pages`); nullopt when there is none.
std::optional<ExportFormat> parse_export_format(std::string_view name);

/// What to do about constructs the format cannot express.
struct ExportOptions {
  /// false: refuse (the diagnostics are errors and no file is written); true: write the file
  /// anyway, the diagnostics (warnings) naming every class of URLs whose headers differ.
  bool lossy = false;
};

/// An exported file, or why there is none.
struct ExportResult {
  std::string text; ///< the file's content; empty when refused
  /// One per construct the format cannot express, at the config's `file:line:col`: errors when
  /// the export was refused, warnings (with the URL class that differs) under `lossy`.
  std::vector<Diagnostic> diagnostics;
  bool refused = false; ///< true: no file (an error diagnostic says why)
};

/// `config` as `format`: a file whose effective headers, for every URL under the platform's own
/// matching, are those `generate_headers` gives for the URL's winning rule (GET, status 200),
/// unless a diagnostic says otherwise.
ExportResult export_config(const Config& config, ExportFormat format, const ExportOptions& options);

} // namespace cachectl
