// Fuzz target: config loading and validation. The input is a cache.toml. Properties: the nesting
// scanner that guards toml++ measures exactly the depth of toml++'s tree; every diagnostic has a
// catalogued code with its catalogue severity and a position inside the file;
// the four renderers never fail: JSON and SARIF parse, their counts agree, and the GitHub
// output is exactly one workflow command per diagnostic (no injected line); a line holding a
// literal secret is never quoted; a usable config builds both matchers, which agree on every
// rule's example path.
#include "fuzz_support.hpp"
#include "util/toml_nesting.hpp"

#include <cachectl/analysis/validate.hpp>
#include <cachectl/config/config.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/lint/diagnostic.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

using cachectl::fuzz::check;

namespace {

// The 1-based line `line` of `text` (without its line break); empty when there is none.
std::string_view
line_of(std::string_view text, std::uint32_t line)
{
  std::size_t start = 0;
  for (std::uint32_t n = 1; n < line; ++n) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) {
      return {};
    }
    ++start;
  }
  const std::size_t end = text.find('\n', start);
  std::string_view out = text.substr(start, end == std::string_view::npos ? end : end - start);
  if (out.ends_with('\r')) {
    out.remove_suffix(1);
  }
  return out;
}

// Checks that the nesting scanner read every text toml++ parses (within the limit, where
// read_config_text lets toml++ parse) and measured the depth of its tree.
void
check_nesting(std::string_view text)
{
  const cachectl::TomlNesting nesting = cachectl::toml_nesting(text);
  if (nesting.depth > cachectl::max_toml_nesting) {
    return;
  }
  try {
    const toml::table root = toml::parse(text);
    check(nesting.complete, "the nesting scanner reads every text toml++ parses", text);
    check(nesting.depth == cachectl::toml_tree_depth(root),
          "the nesting scanner measures the depth of toml++'s tree",
          fmt::format("{} != {}", nesting.depth, cachectl::toml_tree_depth(root)));
  } catch (const toml::parse_error&) {
    // Malformed: toml++ reports it (through read_config_text too).
  }
}

// Checks each diagnostic against the catalogue and the file.
void
check_diagnostics(const std::vector<cachectl::Diagnostic>& diagnostics, std::string_view text)
{
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& diagnostic : diagnostics) {
    const auto* entry = cachectl::find_diagnostic_code(diagnostic.code);
    check(entry != nullptr, "a diagnostic code is in the catalogue", diagnostic.code);
    check(entry->severity == diagnostic.severity,
          "a diagnostic has its code's catalogue severity",
          diagnostic.code);
    check(!diagnostic.message.empty(), "a diagnostic has a message", diagnostic.code);
    check(diagnostic.span.begin.line <= lines,
          "a diagnostic points inside the file",
          diagnostic.code + ": " + diagnostic.message);
  }
}

// Checks the four renderers on one file's diagnostics.
void
check_renderers(const cachectl::FileDiagnostics& file)
{
  const std::vector<cachectl::FileDiagnostics> files{file};
  const auto counts = cachectl::count(file.diagnostics);
  const cachectl::RenderOptions plain;
  cachectl::RenderOptions color;
  color.color = true;

  const std::string text = cachectl::render_text(files, plain);
  check(!cachectl::render_text(files, color).empty(), "colored text is rendered");

  const auto json = nlohmann::json::parse(cachectl::render_json(files, plain), nullptr, false);
  check(!json.is_discarded(), "render_json writes JSON");
  check(json["counts"]["errors"] == counts.errors && json["counts"]["warnings"] == counts.warnings,
        "render_json counts every diagnostic");

  const auto sarif = nlohmann::json::parse(cachectl::render_sarif(files, plain), nullptr, false);
  check(!sarif.is_discarded() && sarif["version"] == "2.1.0", "render_sarif writes SARIF JSON");
  check(sarif["runs"][0]["results"].size() == file.diagnostics.size(),
        "render_sarif has one result per diagnostic");

  const std::string github = cachectl::render_github(files, plain);
  std::size_t commands = 0;
  for (const auto line : cachectl::fuzz::split_lines(github, github.size())) {
    check(line.starts_with("::error ") || line.starts_with("::warning ") ||
              line.starts_with("::notice "),
          "every GitHub output line is a workflow command",
          line);
    ++commands;
  }
  check(commands == file.diagnostics.size(), "one GitHub command per diagnostic", github);

  // A line that holds a literal secret is never quoted (as `N | line`) by any diagnostic.
  for (const auto& diagnostic : file.diagnostics) {
    if (diagnostic.code != "literal-secret") {
      continue;
    }
    const std::string_view line = line_of(file.text, diagnostic.span.begin.line);
    if (line.size() >= 8) {
      check(text.find(fmt::format("{} | {}", diagnostic.span.begin.line, line)) ==
                std::string::npos,
            "a secret's line is never quoted",
            line);
    }
  }
}

// Builds both matchers for a usable config and compares them on each rule's example path.
void
check_matchers(const cachectl::Config& config)
{
  const cachectl::ReferenceMatcher reference(config);
  const cachectl::CompiledMatcher compiled(config);
  const std::size_t rules = std::min<std::size_t>(config.rules.size(), 64);
  for (std::size_t i = 0; i < rules; ++i) {
    const std::string example =
        cachectl::PatternAutomaton(config.rules[i].pattern, config.trailing_slash).example();
    const auto a = reference.match(example);
    const auto b = compiled.match(example);
    check(a.has_value() && b.has_value() && a->rule == b->rule && a->params == b->params,
          "both matchers pick the same rule for a rule's example",
          example);
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = cachectl::fuzz::as_text(data, size);
  check_nesting(text);
  const cachectl::LoadedConfig loaded = cachectl::read_config_text(text, "fuzz.toml");
  check_diagnostics(loaded.diagnostics, text);

  cachectl::ValidateOptions options;
  for (const auto* provider : cachectl::providers()) {
    options.providers.emplace_back(provider->name);
  }
  cachectl::FileDiagnostics file{"fuzz.toml", loaded.text, cachectl::validate(loaded, options)};
  check_diagnostics(file.diagnostics, text);
  check_renderers(file);

  if (loaded.usable()) {
    check_matchers(loaded.config);
  }
  return 0;
}
