// `import`: dispatch to one parser per format, then the flattening (see
// cachectl/interop/import.hpp).
#include "astro_import.hpp"
#include "headers_file_import.hpp"
#include "import_flatten.hpp"
#include "netlify_toml_import.hpp"
#include "nitro_import.hpp"
#include "vercel_json_import.hpp"

#include <cachectl/interop/import.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace cachectl {

namespace interop {

Diagnostic
syntax_error(std::string_view file, SourcePos pos, SourcePos end, std::string message)
{
  Diagnostic diagnostic;
  diagnostic.severity = Severity::error;
  diagnostic.code = "import-syntax";
  diagnostic.message = std::move(message);
  diagnostic.span = SourceSpan{std::string(file), pos, end.known() ? end : pos};
  return diagnostic;
}

} // namespace interop

namespace {

using interop::PlatformFile;

// The most rules a file may have (Cloudflare reads 100; flattening is quadratic).
constexpr std::size_t max_rules = 1000;

PlatformFile
parse_netlify_headers(std::string_view text, std::string_view file)
{
  return interop::parse_headers_file(text, file, interop::HeadersFlavour::netlify);
}

PlatformFile
parse_cloudflare_pages(std::string_view text, std::string_view file)
{
  return interop::parse_headers_file(text, file, interop::HeadersFlavour::cloudflare);
}

// One import format: its name, its parser, and how its platform matches and combines rules
// (astro has no parser here: its rules are single-winner already, see astro_import.hpp).
struct FormatEntry {
  ImportFormat format;
  PlatformFile (*parse)(std::string_view, std::string_view);
  interop::Platform platform;
};

const std::array<FormatEntry, 6> formats = {{
    {ImportFormat::netlify_headers,
     &parse_netlify_headers,
     {"netlify-headers", "Netlify `_headers`", "netlify", false, &interop::netlify_path}},
    {ImportFormat::netlify_toml,
     &interop::parse_netlify_toml,
     {"netlify-toml", "netlify.toml `[[headers]]`", "netlify", false, &interop::netlify_path}},
    {ImportFormat::cloudflare_pages,
     &parse_cloudflare_pages,
     {"cloudflare-pages",
      "Cloudflare Pages `_headers`",
      "cloudflare",
      true,
      &interop::cloudflare_path}},
    {ImportFormat::vercel_json,
     &interop::parse_vercel_json,
     {"vercel-json", "vercel.json `headers`", "vercel", false, &interop::vercel_source}},
    {ImportFormat::nitro, &interop::parse_nitro, interop::nitro_platform()},
    {ImportFormat::astro, nullptr, {"astro", "Astro route rules", "", false, nullptr}},
}};

const std::array<std::string_view, formats.size()> format_names = [] {
  std::array<std::string_view, formats.size()> names{};
  for (std::size_t i = 0; i < formats.size(); ++i) {
    names[i] = formats[i].platform.format;
  }
  return names;
}();

} // namespace

std::span<const std::string_view>
import_format_names()
{
  return format_names;
}

std::optional<ImportFormat>
parse_import_format(std::string_view name)
{
  const auto it = std::ranges::find_if(
      formats, [&](const FormatEntry& entry) { return entry.platform.format == name; });
  return it == formats.end() ? std::nullopt : std::optional(it->format);
}

ImportResult
import_config(std::string_view text,
              std::string_view file,
              ImportFormat format,
              const ImportOptions& options)
{
  const auto& entry = *std::ranges::find(formats, format, &FormatEntry::format);
  ImportResult result;
  if (entry.parse == nullptr) {
    interop::Flattened flat = interop::import_astro(text, file, options.lossy, result.malformed);
    result.diagnostics = std::move(flat.diagnostics);
    result.refused = result.malformed || (!options.lossy && flat.losses > 0) || flat.text.empty();
    if (!result.refused) {
      result.text = std::move(flat.text);
    }
    return result;
  }
  PlatformFile parsed = entry.parse(text, file);
  if (!parsed.diagnostics.empty()) {
    result.diagnostics = std::move(parsed.diagnostics);
    result.refused = true;
    result.malformed = true;
    return result;
  }
  if (parsed.rules.size() > max_rules) {
    result.diagnostics.push_back(interop::syntax_error(
        file,
        parsed.rules[max_rules].pos,
        parsed.rules[max_rules].end,
        fmt::format("more than {} rules (import checks every two against each other)", max_rules)));
    result.refused = true;
    result.malformed = true;
    return result;
  }
  interop::Platform platform = entry.platform;
  if (format == ImportFormat::nitro) {
    platform.provider = interop::nitro_provider(parsed);
  }
  interop::Flattened flat = interop::flatten(parsed.rules, platform, file, options.lossy);
  result.diagnostics = std::move(flat.diagnostics);
  for (auto& remark : parsed.remarks) { // what the parser found that the cache.toml leaves out
    Diagnostic d;
    d.severity = !remark.loss    ? Severity::note
                 : options.lossy ? Severity::warning
                                 : Severity::error;
    d.code = !remark.loss    ? "import-dropped"
             : options.lossy ? "import-lossy"
                             : "import-inexpressible";
    d.message = std::move(remark.message);
    d.span =
        SourceSpan{std::string(file), remark.pos, remark.end.known() ? remark.end : remark.pos};
    result.diagnostics.push_back(std::move(d));
    flat.losses += remark.loss ? 1 : 0;
  }
  std::ranges::stable_sort(result.diagnostics, [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin.line < b.span.begin.line;
  });
  result.refused = (!options.lossy && flat.losses > 0) || flat.text.empty();
  if (!result.refused) {
    result.text = std::move(flat.text);
  }
  return result;
}

} // namespace cachectl
