// Checks of the rule set as a whole: duplicates, shadowing, tie-breaks, coverage, cache deception.
#include "analysis/tag_text.hpp"
#include "analysis/validator.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/pattern/deception.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace cachectl {

// Duplicates, shadowed rules and ties decided only by the alphabetical tie-break.
void
Validator::check_rule_set()
{
  const auto& rules = m_config.rules;
  const std::vector<std::size_t> order = rule_priority_order(m_config);
  m_rank.assign(rules.size(), 0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    m_rank[order[r]] = r;
  }
  std::vector<bool> removed(rules.size(), false);
  // Duplicates: the lower-priority one never applies. (A block: `first_of` is freed before
  // the trie is built.)
  {
    std::map<std::string, std::size_t> first_of;
    for (std::size_t index : order) {
      std::string signature;
      for (const auto& segment : rules[index].pattern.segments()) {
        signature += "/" + segment_signature(segment);
      }
      auto [it, fresh] = first_of.emplace(signature, index);
      if (!fresh) {
        const Rule& winner = rules[it->second];
        add("duplicate-pattern",
            rule_span(rules[index]),
            fmt::format("`{}` matches exactly the same URLs as `{}` (e.g. `{}`), which wins; this "
                        "rule never applies",
                        rules[index].pattern.source(),
                        winner.pattern.source(),
                        request_path(automaton(index).example())),
            {RelatedSpan{rule_span(winner), "the rule that wins"}});
        removed[index] = true;
      }
    }
  }
  SegmentTrie trie;
  std::size_t segments = 0;
  for (const Rule& rule : rules) {
    segments += rule.pattern.segments().size();
  }
  trie.reserve(segments);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!removed[i]) {
      trie.insert(rules[i].pattern, i);
    }
  }
  RE2::Options re_options;
  re_options.set_log_errors(false);
  std::map<std::size_t, std::unique_ptr<RE2>> regexes;
  auto regex = [&](std::size_t i) -> const RE2& {
    auto& slot = regexes[i];
    if (!slot) {
      slot = std::make_unique<RE2>(rules[i].pattern.regex(m_config.trailing_slash), re_options);
    }
    return *slot;
  };
  for (std::size_t index : order) {
    if (removed[index]) {
      continue;
    }
    std::vector<std::size_t> above;
    for (std::size_t a : trie.overlapping(rules[index].pattern)) {
      if (a != index && m_rank[a] < m_rank[index] && !removed[a]) {
        above.push_back(a);
      }
    }
    std::sort(above.begin(), above.end(), [&](std::size_t x, std::size_t y) {
      return m_rank[x] < m_rank[y];
    });
    if (above.empty()) {
      continue;
    }
    const Rule& loser = rules[index];
    const std::string example = automaton(index).example();
    for (std::size_t a : above) {
      const Rule& winner = rules[a];
      // Shadowed: `a` must at least match this rule's own example before inclusion is decided.
      if (RE2::FullMatch(example, regex(a)) &&
          !PatternAutomaton::path_only_in(automaton(index), automaton(a))) {
        add("shadowed-rule",
            rule_span(loser),
            fmt::format("`{}` never applies: `{}` has higher priority and matches every URL it "
                        "matches (e.g. `{}`)",
                        loser.pattern.source(),
                        winner.pattern.source(),
                        request_path(example)),
            {RelatedSpan{rule_span(winner), "the rule that wins"}});
        removed[index] = true;
        break;
      }
      const PriorityDecision decision = compare_priority(winner.pattern, loser.pattern);
      if (decision.reason != PriorityReason::route_text &&
          decision.reason != PriorityReason::equal) {
        continue;
      }
      if (const auto common = PatternAutomaton::common_path(automaton(a), automaton(index))) {
        add("ambiguous-priority",
            rule_span(loser),
            fmt::format("`{}` and `{}` both match `{}`; `{}` wins only because it sorts first "
                        "alphabetically",
                        loser.pattern.source(),
                        winner.pattern.source(),
                        request_path(*common),
                        winner.pattern.source()),
            {RelatedSpan{rule_span(winner), "the rule that wins"}});
      }
    }
  }
}

// True when `options` keep a response out of shared caches.
bool
Validator::opts_out(const CacheOptions& options)
{
  return options.cache == false || options.private_ == true ||
         (options.bypass && !options.bypass->empty());
}

// Opt-out pages reachable by spellings that origins often serve as the same page while a
// cacheable rule wins them here (web cache deception).
void
Validator::check_cache_deception()
{
  if (m_config.rules.empty()) {
    return;
  }
  for (std::size_t i = 0; i < m_config.rules.size(); ++i) {
    const Rule& rule = m_config.rules[i];
    if (!opts_out(rule.options)) {
      continue;
    }
    const std::string example = automaton(i).example();
    const std::string_view page = example.size() > 1 && example.back() == '/'
                                      ? std::string_view(example).substr(0, example.size() - 1)
                                      : std::string_view(example);
    for (const std::string& probe : deception_spellings(page, m_config.trailing_slash)) {
      const auto won = winner(probe);
      if (!won || *won == i) {
        continue;
      }
      const Rule& other = m_config.rules[*won];
      // The classic vectors: rules that take anything (a rest) or anything static-looking (a
      // file extension). A plain `[param]` winner is left alone.
      static const RE2 extension(R"(.*\.[A-Za-z0-9]{1,8})");
      const auto& last =
          other.pattern.segments().empty() ? PatternSegment{} : other.pattern.segments().back();
      const bool catch_all =
          std::any_of(other.pattern.segments().begin(),
                      other.pattern.segments().end(),
                      [](const PatternSegment& seg) {
                        return std::any_of(seg.begin(), seg.end(), [](const PatternPart& part) {
                          return part.kind == PatternPart::Kind::rest;
                        });
                      });
      const bool by_extension = !last.empty() && last.back().kind == PatternPart::Kind::text &&
                                RE2::FullMatch(last.back().text, extension);
      if ((!catch_all && !by_extension) || opts_out(merge(m_config.defaults, other.options))) {
        continue;
      }
      add("cache-deception",
          rule_span(rule),
          fmt::format(
              "`{}` opts out of caching, but `{}` (which many origins serve as `{}`) matches "
              "`{}`, which caches it: a web cache deception risk",
              rule.pattern.source(),
              request_path(probe),
              request_path(std::string(page)),
              other.pattern.source()),
          {RelatedSpan{rule_span(other), "the cacheable rule that wins"}});
      break;
    }
  }
}

// Notes when `/` or some other URL matches no rule.
void
Validator::check_coverage()
{
  if (m_config.rules.empty()) {
    return;
  }
  if (!winner("/")) {
    add("no-root-rule",
        span({}, {}),
        fmt::format("no rule matches `{}`; it gets no cache policy", request_path("/")));
  }
  // Probe paths of the shape the trailing-slash mode serves.
  const bool slash = m_config.trailing_slash == TrailingSlash::always;
  for (std::string path : {"/zz-no-rule", "/zz/no/rule"}) {
    if (slash) {
      path += '/';
    }
    if (!winner(path)) {
      add("no-catch-all",
          span({}, {}),
          fmt::format("some URLs match no rule (e.g. `{}`); add a catch-all such as "
                      "[routes.\"/[...rest]\"] to give every page a policy",
                      request_path(path)));
      break;
    }
  }
}

} // namespace cachectl
