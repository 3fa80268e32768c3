// `export --to netlify-toml`: the `[[headers]]` tables of netlify.toml. @netlify/headers-parser
// reads them into the same rules as `_headers` (netlify_config_parser.ts) and Netlify matches
// and combines them alike, so the rules are those of the `_headers` export, written as TOML.
#include "netlify_toml_export.hpp"

#include "netlify_headers_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cachectl::interop {

namespace {

// A TOML basic string (header names and values are printable ASCII; `"` and `\` escaped).
std::string
toml_string(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// A TOML key: bare when it can be (letters, digits, `-`, `_`), else quoted.
std::string
toml_key(std::string_view name)
{
  const bool bare = !name.empty() && std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
  return bare ? std::string(name) : toml_string(name);
}

} // namespace

std::string
export_netlify_toml(const Config& config, ExportDiagnostics& diagnostics)
{
  std::string out = netlify_preamble("netlify.toml [[headers]]", "netlify-toml", config);
  for (const auto& block : netlify_blocks(config, diagnostics)) {
    out += fmt::format("\n[[headers]]\n  for = {}\n  [headers.values]\n", toml_string(block.path));
    for (const auto& header : block.headers) {
      out += fmt::format("    {} = {}\n", toml_key(header.name), toml_string(header.value));
    }
  }
  return out;
}

} // namespace cachectl::interop
