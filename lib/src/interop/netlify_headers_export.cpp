// `export --to netlify-headers`: Netlify's `_headers` file.
//
// @netlify/headers-parser turns each path into a regular expression (`for_regexp.ts`): parts
// between `/` are trimmed and empty ones dropped, `:name` matches one segment, a lone `*`
// matches anything and makes the `/` before it optional (`/blog/*` also matches `/blogger`),
// the whole is anchored with an optional final `/` and matched ignoring case. Every rule whose
// path matches applies; netlify-cli (`headersForPath`, what `netlify dev` serves) lays their
// values over each other in file order, a later rule's value replacing an earlier one's. There
// is no way to remove a header. So the file lists the rules from the lowest priority to the
// highest (the last matching rule, cachectl's winner, replaces every header it sets), a rest is
// written `:first/*` (one segment, then anything: no bleeding into `/blogger`), and a rule that
// lacks a header a less specific overlapping rule sets is refused: that header would leak.
#include "netlify_headers_export.hpp"

#include "export_support.hpp"
#include "util/text.hpp"

#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cachectl::interop {

namespace {

// The path lines of one pattern: each standalone rest absent or `:name/*`; nullopt parts of
// the pattern that have no Netlify spelling are reported by the caller.
std::vector<std::string>
netlify_paths(const Pattern& pattern, std::string_view base)
{
  std::vector<std::string> paths{std::string(base)};
  for (const auto& segment : pattern.segments()) {
    const bool rest = segment.size() == 1 && segment[0].kind == PatternPart::Kind::rest;
    std::vector<std::string> next;
    for (const auto& path : paths) {
      if (rest) {
        next.push_back(path);
        next.push_back(fmt::format("{}/:{}/*", path, segment[0].text));
      } else if (segment[0].kind == PatternPart::Kind::param) {
        next.push_back(fmt::format("{}/:{}", path, segment[0].text));
      } else {
        next.push_back(fmt::format("{}/{}", path, segment[0].canonical));
      }
    }
    paths = std::move(next);
  }
  for (auto& path : paths) {
    if (path.empty()) {
      path = "/";
    }
  }
  return paths;
}

// Why a segment has no Netlify spelling, or "" when it has one.
std::string
segment_problem(const PatternSegment& segment)
{
  if (segment.size() > 1) {
    return "a parameter inside a segment (`*` there would match `/` too, `:name` is a whole "
           "segment)";
  }
  const PatternPart& part = segment[0];
  if (part.kind == PatternPart::Kind::text &&
      (part.canonical.find('*') != std::string::npos || part.canonical.starts_with(':'))) {
    return fmt::format("the text `{}` in a path (`*` and a leading `:` are wildcards there)",
                       part.text);
  }
  return "";
}

} // namespace

std::vector<NetlifyBlock>
netlify_blocks(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  if (config.trailing_slash != TrailingSlash::ignore) {
    const auto it = config.site_pos.find("trailing_slash");
    const KeyPlace at = it == config.site_pos.end() ? KeyPlace{} : it->second;
    diagnostics.inexpressible(at.key,
                              at.value_end,
                              fmt::format("trailing_slash = \"{}\" (a Netlify path matches with "
                                          "and without a final `/`)",
                                          to_string(config.trailing_slash)),
                              "URLs with the other trailing slash");
  }
  const ProviderInfo* provider = find_provider("netlify");
  const ReferenceMatcher matcher(config);
  const std::string base = config.base == "/" ? "" : config.base;
  const auto& order = matcher.order();

  struct RuleOut {
    std::size_t index;
    std::vector<Header> headers;
    std::set<std::string> names; ///< lowercase
  };
  std::vector<RuleOut> rules; // priority order
  std::vector<PatternAutomaton> automata;
  for (const std::size_t index : order) {
    RuleOut out{index, {}, {}};
    for (auto& header : static_rule_headers(config,
                                            index,
                                            *provider,
                                            diagnostics,
                                            "a tag made from a parameter (a Netlify value is "
                                            "static; the tag is left out)",
                                            "every URL of this rule (its Netlify-Cache-Tag lacks "
                                            "that tag)")) {
      out.names.insert(ascii_lower(header.name));
      out.headers.push_back(std::move(header));
    }
    rules.push_back(std::move(out));
    automata.emplace_back(config.rules[index].pattern, config.trailing_slash);
  }

  // A header a less specific rule sets and the winner does not would leak into its URLs.
  for (std::size_t w = 0; w < rules.size(); ++w) {
    for (std::size_t l = w + 1; l < rules.size(); ++l) {
      std::vector<std::string> leaking;
      std::ranges::set_difference(rules[l].names, rules[w].names, std::back_inserter(leaking));
      if (leaking.empty()) {
        continue;
      }
      if (const auto path = PatternAutomaton::common_path(automata[w], automata[l])) {
        diagnostics.inexpressible(
            config.rules[rules[w].index],
            fmt::format("a rule without {} that the less specific `{}` sets (Netlify cannot "
                        "remove a header)",
                        fmt::join(leaking, ", "),
                        config.rules[rules[l].index].pattern.source()),
            fmt::format("URLs of this rule such as `{}{}`", base, *path));
      }
    }
  }

  std::set<std::string> seen;
  std::vector<NetlifyBlock> blocks; // highest priority first
  for (const auto& rule_out : rules) {
    const Rule& rule = config.rules[rule_out.index];
    std::string problem;
    for (const auto& segment : rule.pattern.segments()) {
      if (problem.empty()) {
        problem = segment_problem(segment);
      }
    }
    if (!problem.empty()) {
      diagnostics.inexpressible(rule, problem, "the URLs of this rule");
      continue;
    }
    if (rule_out.headers.empty()) {
      continue;
    }
    for (auto& path : netlify_paths(rule.pattern, base)) {
      if (seen.insert(ascii_lower(path)).second) { // else a higher-priority rule has this path
        blocks.push_back(NetlifyBlock{std::move(path), rule_out.headers});
      }
    }
  }
  std::ranges::reverse(blocks);
  return blocks;
}

std::string
netlify_preamble(std::string_view title, std::string_view format, const Config& config)
{
  return fmt::format("# {}, generated by `cachectl export --to {}` from {}.\n# Every rule "
                     "applies where it matches, in this order, a later value replacing an\n# "
                     "earlier one: the most specific rule comes last.\n",
                     title,
                     format,
                     config.file);
}

std::string
export_netlify_headers(const Config& config, ExportDiagnostics& diagnostics)
{
  std::string out = netlify_preamble("Netlify _headers", "netlify-headers", config);
  for (const auto& block : netlify_blocks(config, diagnostics)) {
    out += fmt::format("\n{}\n", block.path);
    for (const auto& header : block.headers) {
      out += fmt::format("  {}: {}\n", header.name, header.value);
    }
  }
  return out;
}

} // namespace cachectl::interop
