// `export --to vercel-json`: the `headers` array of vercel.json.
//
// Vercel applies every `headers` entry whose `source` matches the path, in order, a later
// entry's value replacing an earlier one's (@vercel/routing-utils turns each entry into a route
// with `continue: true`). A `source` is path-to-regexp syntax, which allows a whole regular
// expression in one group. So each rule becomes one entry whose source is the rule's own
// regular expression (the one cachectl matches with, made non-capturing) behind a negative
// lookahead of every higher-priority rule that shares a path with it: each URL matches exactly
// one entry, its winning rule's, whatever the order of application.
#include "vercel_json_export.hpp"

#include "export_support.hpp"

#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace cachectl::interop {

namespace {

// Vercel's limit on a `source` (vercel.json schema, routing-utils schemas.ts).
constexpr std::size_t max_source = 4096;

} // namespace

std::string
export_vercel_json(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  const ProviderInfo* provider = find_provider("vercel");
  const ReferenceMatcher matcher(config);
  const auto root = Pattern::parse("/");
  const PatternAutomaton root_automaton(*root, config.trailing_slash);

  // Each rule's automaton and full-path expression, in priority order.
  std::vector<PatternAutomaton> automata;
  std::vector<std::string> regexes;
  for (const std::size_t index : matcher.order()) {
    const Pattern& pattern = config.rules[index].pattern;
    automata.emplace_back(pattern, config.trailing_slash);
    const bool matches_root =
        PatternAutomaton::common_path(automata.back(), root_automaton).has_value();
    regexes.push_back(full_path_regex(pattern, config, matches_root, false));
  }
  const std::string redirect = base_redirect_lookahead(config);

  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  const auto& order = matcher.order();
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const Rule& rule = config.rules[order[rank]];
    std::vector<std::string> higher;
    for (std::size_t h = 0; h < rank; ++h) {
      if (PatternAutomaton::common_path(automata[h], automata[rank])) {
        higher.push_back(regexes[h]);
      }
    }
    std::string source = "(" + redirect;
    if (!higher.empty()) {
      source += fmt::format("(?!(?:{})$)", fmt::join(higher, "|"));
    }
    source += regexes[rank] + ")";
    if (source.size() > max_source) {
      diagnostics.inexpressible(rule,
                                fmt::format("this rule in a `source` of at most {} characters "
                                            "({} with the higher-priority rules it excludes)",
                                            max_source,
                                            source.size()),
                                "the URLs of this rule");
      continue;
    }
    // A tag made from a parameter would need a named segment for each parameter and Vercel's
    // `:name` substitution, which pastes the path text; left out, with a diagnostic.
    const bool templated = has_param_tags(config, rule);
    if (templated) {
      diagnostics.inexpressible(rule,
                                "a tag made from a parameter (the value would paste the path "
                                "text; it is left out of the header)",
                                "every URL of this rule (its Vercel-Cache-Tag lacks that tag)");
    }
    std::vector<std::string> present;
    if (templated) {
      present = rule.pattern.param_names();
    }
    nlohmann::ordered_json headers = nlohmann::ordered_json::array();
    for (auto& header : rule_headers(config, order[rank], *provider, present)) {
      if (templated && holds_sentinel(header.value)) {
        header.value = without_sentinel_items(header.value);
        if (header.value.empty()) {
          continue;
        }
      }
      headers.push_back({{"key", header.name}, {"value", header.value}});
    }
    if (headers.empty()) {
      continue; // Vercel requires at least one header per entry
    }
    entries.push_back({{"source", source}, {"headers", std::move(headers)}});
  }
  // Lowest priority first, as one would write them by hand; the sources exclude each other.
  std::ranges::reverse(entries);
  nlohmann::ordered_json document;
  document["headers"] = std::move(entries);
  return document.dump(2) + "\n";
}

} // namespace cachectl::interop
