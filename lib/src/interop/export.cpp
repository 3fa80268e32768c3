// `export`: dispatch to one module per format (see cachectl/interop/export.hpp).
#include "cloudflare_pages_export.hpp"
#include "export_support.hpp"
#include "netlify_headers_export.hpp"
#include "vercel_json_export.hpp"

#include <cachectl/interop/export.hpp>

#include <algorithm>
#include <array>

namespace cachectl {

namespace {

constexpr std::array<std::string_view, 3> format_names = {
    "netlify-headers", "cloudflare-pages", "vercel-json"};

} // namespace

std::span<const std::string_view>
export_format_names()
{
  return format_names;
}

std::optional<ExportFormat>
parse_export_format(std::string_view name)
{
  if (name == "cloudflare-pages") {
    return ExportFormat::cloudflare_pages;
  }
  if (name == "netlify-headers") {
    return ExportFormat::netlify_headers;
  }
  if (name == "vercel-json") {
    return ExportFormat::vercel_json;
  }
  return std::nullopt;
}

ExportResult
export_config(const Config& config, ExportFormat format, const ExportOptions& options)
{
  ExportResult result;
  switch (format) {
  case ExportFormat::cloudflare_pages: {
    interop::ExportDiagnostics diagnostics(config, "Cloudflare Pages `_headers`", options.lossy);
    result.text = interop::export_cloudflare_pages(config, diagnostics);
    result.diagnostics = diagnostics.take();
    break;
  }
  case ExportFormat::netlify_headers: {
    interop::ExportDiagnostics diagnostics(config, "Netlify `_headers`", options.lossy);
    result.text = interop::export_netlify_headers(config, diagnostics);
    result.diagnostics = diagnostics.take();
    break;
  }
  case ExportFormat::vercel_json: {
    interop::ExportDiagnostics diagnostics(config, "vercel.json `headers`", options.lossy);
    result.text = interop::export_vercel_json(config, diagnostics);
    result.diagnostics = diagnostics.take();
    break;
  }
  }
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
