// `export`: dispatch to one module per format (see cachectl/interop/export.hpp).
#include "astro_export.hpp"
#include "cloudflare_pages_export.hpp"
#include "export_support.hpp"
#include "netlify_headers_export.hpp"
#include "netlify_toml_export.hpp"
#include "nginx_export.hpp"
#include "nitro_export.hpp"
#include "varnish_export.hpp"
#include "vercel_json_export.hpp"

#include <cachectl/interop/export.hpp>

#include <algorithm>
#include <array>

namespace cachectl {

namespace {

// One export format: its name, how messages name the target, and its module.
struct FormatEntry {
  std::string_view name;
  ExportFormat format;
  std::string_view platform;
  std::string (*write)(const Config&, interop::ExportDiagnostics&);
};

constexpr std::array<FormatEntry, 8> formats = {{
    {"netlify-headers",
     ExportFormat::netlify_headers,
     "Netlify `_headers`",
     &interop::export_netlify_headers},
    {"netlify-toml",
     ExportFormat::netlify_toml,
     "netlify.toml `[[headers]]`",
     &interop::export_netlify_toml},
    {"cloudflare-pages",
     ExportFormat::cloudflare_pages,
     "Cloudflare Pages `_headers`",
     &interop::export_cloudflare_pages},
    {"vercel-json",
     ExportFormat::vercel_json,
     "vercel.json `headers`",
     &interop::export_vercel_json},
    {"nginx", ExportFormat::nginx, "an nginx include", &interop::export_nginx},
    {"varnish", ExportFormat::varnish, "a Varnish VCL snippet", &interop::export_varnish},
    {"nitro", ExportFormat::nitro, "Nitro `routeRules`", &interop::export_nitro},
    {"astro", ExportFormat::astro, "Astro `routeRules`", &interop::export_astro},
}};

constexpr std::array<std::string_view, formats.size()> format_names = [] {
  std::array<std::string_view, formats.size()> names{};
  for (std::size_t i = 0; i < formats.size(); ++i) {
    names[i] = formats[i].name;
  }
  return names;
}();

} // namespace

std::span<const std::string_view>
export_format_names()
{
  return format_names;
}

std::optional<ExportFormat>
parse_export_format(std::string_view name)
{
  const auto it = std::ranges::find(formats, name, &FormatEntry::name);
  return it == formats.end() ? std::nullopt : std::optional(it->format);
}

ExportResult
export_config(const Config& config, ExportFormat format, const ExportOptions& options)
{
  const auto& entry = *std::ranges::find(formats, format, &FormatEntry::format);
  interop::ExportDiagnostics diagnostics(config, entry.platform, options.lossy);
  ExportResult result;
  result.text = entry.write(config, diagnostics);
  result.diagnostics = diagnostics.take();
  std::ranges::stable_sort(result.diagnostics, [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin.line < b.span.begin.line;
  });
  result.refused = !options.lossy && !result.diagnostics.empty();
  if (result.refused) {
    result.text.clear();
  }
  return result;
}

} // namespace cachectl
