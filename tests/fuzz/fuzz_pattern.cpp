// Fuzz target: route patterns. The input is up to 8 patterns, one per line. Properties: a
// parse error names a column inside the pattern; a parsed pattern keeps its source; priority
// comparison is antisymmetric, decides with a reason and priority_order is a permutation; for
// the first three patterns, the regex compiles in RE2 with one group per parameter, the
// automaton's example path matches it, and the shared and one-sided paths the automata of two
// patterns report really are matched (or not) by both regexes.
#include "fuzz_support.hpp"

#include <cachectl/pattern/pattern.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>
#include <cachectl/pattern/trailing_slash.hpp>

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using cachectl::fuzz::check;

namespace {

constexpr std::array modes = {cachectl::TrailingSlash::ignore,
                              cachectl::TrailingSlash::always,
                              cachectl::TrailingSlash::never};

// The sign of `n`: -1, 0 or 1.
int
sign(int n)
{
  return (n > 0) - (n < 0);
}

// A parsed pattern with its regex and automaton under one mode.
struct Compiled {
  const cachectl::Pattern* pattern;
  std::unique_ptr<RE2> regex;
  cachectl::PatternAutomaton automaton;
};

// Compiles `pattern` under `mode` and checks the regex and the automaton's example.
Compiled
compile(const cachectl::Pattern& pattern, cachectl::TrailingSlash mode)
{
  RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_unique<RE2>(pattern.regex(mode), options);
  check(regex->ok(), "the regex of a parsed pattern compiles", pattern.source());
  check(static_cast<std::size_t>(regex->NumberOfCapturingGroups()) == pattern.param_names().size(),
        "the regex has one group per parameter",
        pattern.source());
  cachectl::PatternAutomaton automaton(pattern, mode);
  const std::string example = automaton.example();
  check(RE2::FullMatch(example, *regex), "the automaton's example matches the regex", example);
  return Compiled{&pattern, std::move(regex), std::move(automaton)};
}

// Checks what the automata of `a` and `b` report against their regexes.
void
check_pair(const Compiled& a, const Compiled& b)
{
  const std::string label = a.pattern->source() + " | " + b.pattern->source();
  if (const auto common = cachectl::PatternAutomaton::common_path(a.automaton, b.automaton)) {
    check(RE2::FullMatch(*common, *a.regex) && RE2::FullMatch(*common, *b.regex),
          "a common path matches both patterns",
          label + " | " + *common);
  }
  if (const auto only = cachectl::PatternAutomaton::path_only_in(a.automaton, b.automaton)) {
    check(RE2::FullMatch(*only, *a.regex) && !RE2::FullMatch(*only, *b.regex),
          "a path only in the first pattern matches it and not the second",
          label + " | " + *only);
  } else {
    check(RE2::FullMatch(a.automaton.example(), *b.regex),
          "when the second pattern covers the first, it matches the first one's example",
          label);
  }
}

// Checks compare_priority on a pair: antisymmetric, and explained when it decides.
void
check_priority(const cachectl::Pattern& a, const cachectl::Pattern& b)
{
  const auto ab = cachectl::compare_priority(a, b);
  const auto ba = cachectl::compare_priority(b, a);
  check(sign(ab.order) == -sign(ba.order),
        "compare_priority is antisymmetric",
        a.source() + " | " + b.source());
  check((ab.order == 0) == (ab.reason == cachectl::PriorityReason::equal),
        "a decision has a reason exactly when it orders",
        a.source() + " | " + b.source());
  if (ab.order != 0) {
    const bool a_wins = ab.order < 0;
    check(!cachectl::describe(ab, a_wins ? a : b, a_wins ? b : a).empty(),
          "a decision is described",
          a.source() + " | " + b.source());
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const auto lines = cachectl::fuzz::split_lines(cachectl::fuzz::as_text(data, size), 8);
  std::vector<cachectl::Pattern> patterns;
  for (const std::string_view line : lines) {
    auto pattern = cachectl::Pattern::parse(line);
    if (!pattern) {
      check(!pattern.error().message.empty(), "a pattern error has a message", line);
      check(pattern.error().column >= 1 && pattern.error().column <= line.size() + 1,
            "a pattern error names a column inside the pattern",
            line);
      continue;
    }
    check(pattern->source() == line, "a pattern keeps its source", line);
    patterns.push_back(std::move(*pattern));
  }

  for (const auto& a : patterns) {
    check(cachectl::compare_priority(a, a).order == 0, "a pattern ties with itself", a.source());
    for (const auto& b : patterns) {
      check_priority(a, b);
    }
  }
  auto order = cachectl::priority_order(patterns);
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i) {
    check(order[i] == i, "priority_order is a permutation");
  }

  // Regexes and automata for the first three patterns under one mode (picked by the input's
  // length): each pair of automata is a product construction, the costly part.
  const auto mode = modes[size % modes.size()];
  std::vector<Compiled> compiled;
  for (std::size_t i = 0; i < std::min<std::size_t>(patterns.size(), 3); ++i) {
    compiled.push_back(compile(patterns[i], mode));
  }
  for (const auto& a : compiled) {
    for (const auto& b : compiled) {
      check_pair(a, b);
    }
  }
  return 0;
}
