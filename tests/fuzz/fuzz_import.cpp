// Fuzz target: `import`. The first byte picks the format (netlify-headers, netlify-toml,
// cloudflare-pages, vercel-json, nitro, astro) and whether --lossy is on; the rest is the file.
// Properties: every diagnostic has a catalogued code with its catalogue severity and a position
// inside the file; a malformed file is refused with `import-syntax` errors only; a config that is
// written loads without an error (and, without --lossy, came with no error or warning), declares
// the provider of the format, and every rule of it gets headers without a control character.
#include "fuzz_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/interop/import.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using cachectl::fuzz::check;

namespace {

// The number of lines of `text` (a final line without a newline counts).
std::uint32_t
line_count(std::string_view text)
{
  return static_cast<std::uint32_t>(std::ranges::count(text, '\n') + 1);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0 || size > 20000) {
    return 0;
  }
  const auto formats = cachectl::import_format_names();
  const std::size_t pick = data[0] % formats.size();
  const bool lossy = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto format = *cachectl::parse_import_format(formats[pick]);
  const cachectl::ImportResult result =
      cachectl::import_config(text, "input", format, cachectl::ImportOptions{lossy});
  const std::uint32_t lines = line_count(text);
  for (const auto& d : result.diagnostics) {
    const cachectl::DiagnosticCode* code = cachectl::find_diagnostic_code(d.code);
    check(code != nullptr, "a diagnostic code is catalogued", d.code);
    check(code->severity == d.severity, "a diagnostic has its catalogue severity", d.code);
    check(d.span.begin.line >= 1 && d.span.begin.line <= lines,
          "a diagnostic points inside the file",
          d.message);
    check(!result.malformed || d.code == "import-syntax",
          "a malformed file has syntax errors only",
          d.message);
  }
  check(result.refused == result.text.empty(), "a config is written unless refused");
  if (result.refused) {
    return 0;
  }
  if (!lossy) {
    check(std::ranges::none_of(
              result.diagnostics,
              [](const cachectl::Diagnostic& d) { return d.severity != cachectl::Severity::note; }),
          "an exact import has notes only");
  }
  auto config = cachectl::parse_config(result.text, "imported.toml");
  check(config.has_value(), "the imported config loads", result.text);
  const std::string_view format_name = formats[pick];
  if (format_name == "nitro") { // the profile its headers are written for
    check(config->provider == "generic" || config->provider == "netlify" ||
              config->provider == "vercel" || config->provider == "cloudflare",
          "the config names a profile Nitro headers are written for",
          result.text);
  } else if (format_name == "astro") { // options, no headers: Astro's cache provider writes them
    check(config->provider.empty(), "an Astro import names no provider", result.text);
  } else {
    const std::string_view expected = pick < 2 ? "netlify" : pick == 2 ? "cloudflare" : "vercel";
    check(config->provider == expected, "the config names the format's provider", result.text);
  }
  const std::string provider = config->provider.empty() ? "generic" : config->provider;
  const cachectl::ReferenceMatcher matcher(*config);
  const cachectl::ProviderInfo* info = cachectl::find_provider(provider);
  for (std::size_t i = 0; i < config->rules.size(); ++i) {
    const cachectl::PatternAutomaton automaton(config->rules[i].pattern, config->trailing_slash);
    const auto match = matcher.match(automaton.example());
    if (!match) {
      continue;
    }
    const auto policy = cachectl::decide_policy(*config, *match, cachectl::Request{});
    for (const auto& header : cachectl::generate_headers(*info, policy).headers) {
      check(std::ranges::none_of(header.value,
                                 [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
            "a header value holds no control character",
            header.value);
    }
  }
  return 0;
}
