// Fuzz target: matching, differential. The first byte picks the trailing-slash mode and the
// base; then lines: patterns up to the first empty line (at most 24 rules), then URLs (at most
// 32). The compiled matcher must answer exactly like the reference matcher (same rule, same
// params, same candidates) on every normalized URL path, through resolve() as `match` and
// `headers` do, and on each rule's own example path, which the rule itself must match.
#include "fuzz_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>
#include <cachectl/pattern/url.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using cachectl::fuzz::check;

namespace {

// One match as text, for comparisons and failure messages: `#rule k=v ...`.
std::string
show(const std::optional<cachectl::RuleMatch>& match)
{
  if (!match) {
    return "(none)";
  }
  std::string out = "#" + std::to_string(match->rule);
  for (const auto& [name, value] : match->params) {
    out += " " + name + "=" + value;
  }
  return out;
}

// Every match as text, winner first.
std::string
show_all(const std::vector<cachectl::RuleMatch>& all)
{
  std::string out;
  for (const auto& match : all) {
    out += show(match) + "; ";
  }
  return out;
}

// The config and the path, for failure messages.
std::string
context(const cachectl::Config& config, std::string_view path)
{
  std::string out = "trailing_slash=" + std::string(cachectl::to_string(config.trailing_slash)) +
                    " base=" + config.base + " rules:";
  for (const auto& rule : config.rules) {
    out += " " + rule.pattern.source();
  }
  return out + " path: " + std::string(path);
}

// Aborts with `what` and the config and path unless `condition` holds.
void
require(bool condition,
        std::string_view what,
        const cachectl::Config& config,
        std::string_view path)
{
  if (!condition) {
    cachectl::fuzz::fail(what, context(config, path));
  }
}

// Checks that both matchers answer alike on a base-relative path.
void
check_path(const cachectl::Config& config,
           const cachectl::ReferenceMatcher& reference,
           const cachectl::CompiledMatcher& compiled,
           std::string_view path)
{
  const auto expected = reference.match(path);
  const std::string want = show(expected);
  require(show(compiled.match(path)) == want, "compiled match() agrees", config, path);
  const auto rule = compiled.match_rule(path);
  require(rule.has_value() == expected.has_value() && (!rule || *rule == expected->rule),
          "compiled match_rule() agrees",
          config,
          path);
  cachectl::RuleMatch into;
  const bool found = compiled.match_into(path, into);
  require(found == expected.has_value() && (!found || show(into) == want),
          "compiled match_into() agrees",
          config,
          path);
  require(show_all(compiled.match_all(path)) == show_all(reference.match_all(path)),
          "compiled match_all() agrees",
          config,
          path);
}

// Checks that resolve() gives the same outcome with either matcher.
void
check_resolve(const cachectl::Config& config,
              const cachectl::ReferenceMatcher& reference,
              const cachectl::CompiledMatcher& compiled,
              std::string_view input)
{
  const auto a = cachectl::resolve(config, reference, input);
  const auto b = cachectl::resolve(config, compiled, input);
  require(a.kind == b.kind && a.path == b.path && a.location == b.location &&
              show(a.match) == show(b.match),
          "resolve() agrees",
          config,
          input);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  constexpr std::array modes = {cachectl::TrailingSlash::ignore,
                                cachectl::TrailingSlash::always,
                                cachectl::TrailingSlash::never};
  constexpr std::array bases = {"/", "/blog", "/blog/"};
  cachectl::Config config;
  config.file = "fuzz.toml";
  config.trailing_slash = modes[data[0] % 3];
  config.base = bases[(data[0] / 3) % 3];

  const auto lines = cachectl::fuzz::split_lines(cachectl::fuzz::as_text(data + 1, size - 1), 64);
  std::size_t i = 0;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    auto pattern = cachectl::Pattern::parse(lines[i]);
    if (pattern && config.rules.size() < 24) {
      cachectl::Rule rule;
      rule.pattern = std::move(*pattern);
      config.rules.push_back(std::move(rule));
    }
  }

  const cachectl::ReferenceMatcher reference(config);
  const cachectl::CompiledMatcher compiled(config);
  check(reference.order() == compiled.order(), "both matchers order the rules alike");

  for (std::size_t k = 0; k < config.rules.size(); ++k) {
    const std::string example =
        cachectl::PatternAutomaton(config.rules[k].pattern, config.trailing_slash).example();
    const auto all = reference.match_all(example);
    bool listed = false;
    for (const auto& match : all) {
      listed = listed || match.rule == k;
    }
    require(listed, "a rule matches its own example", config, example);
    check_path(config, reference, compiled, example);
  }
  // The URLs follow the empty line that ends the patterns.
  for (std::size_t n = 0, k = i + 1; k < lines.size() && n < 32; ++k, ++n) {
    check_resolve(config, reference, compiled, lines[k]);
    if (const auto url = cachectl::normalize_url(lines[k])) {
      check_path(config, reference, compiled, url->path);
    }
  }
  return 0;
}
