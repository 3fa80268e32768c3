// Shared by the matcher unit tests: configs from pattern lists, and the comparison of the
// compiled matcher with the reference matcher (match, match_rule, match_all) on one path.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::test {

// A config holding `patterns` in this order under `mode`.
inline Config
make_config(const std::vector<std::string>& patterns, TrailingSlash mode = TrailingSlash::ignore)
{
  Config config;
  config.file = "test.toml";
  config.trailing_slash = mode;
  for (const auto& text : patterns) {
    auto pattern = Pattern::parse(text);
    REQUIRE_MESSAGE(pattern.has_value(), text);
    Rule rule;
    rule.pattern = std::move(*pattern);
    config.rules.push_back(std::move(rule));
  }
  return config;
}

// One match rendered for comparisons and failure messages: `pattern {k=v, ...}`.
inline std::string
show(const Config& config, const std::optional<RuleMatch>& match)
{
  if (!match) {
    return "(none)";
  }
  std::string out =
      fmt::format("#{} {} {{", match->rule, config.rules[match->rule].pattern.source());
  for (const auto& [name, value] : match->params) {
    out += fmt::format(" {}={:?}", name, value);
  }
  return out + " }";
}

// All matches rendered, winner first.
inline std::string
show_all(const Config& config, const std::vector<RuleMatch>& all)
{
  std::string out;
  for (const auto& m : all) {
    out += show(config, m) + "; ";
  }
  return out.empty() ? "(none)" : out;
}

// The rule set and mode, for failure messages.
inline std::string
describe_config(const Config& config)
{
  std::string out = fmt::format("trailing_slash={} rules:", to_string(config.trailing_slash));
  for (const auto& rule : config.rules) {
    out += fmt::format(" {}", rule.pattern.source());
  }
  return out;
}

// Empty when both matchers agree on `path` (match and match_all), else what differs.
inline std::string
disagreement(const Config& config,
             const ReferenceMatcher& reference,
             const CompiledMatcher& compiled,
             std::string_view path)
{
  const std::string want = show(config, reference.match(path));
  const std::string got = show(config, compiled.match(path));
  if (want != got) {
    return fmt::format("match({:?}): reference {} / compiled {}", path, want, got);
  }
  const auto rule = compiled.match_rule(path);
  const auto full = compiled.match(path);
  if (rule.has_value() != full.has_value() || (rule && *rule != full->rule)) {
    return fmt::format("match_rule({:?}) disagrees with match: {}", path, got);
  }
  const std::string want_all = show_all(config, reference.match_all(path));
  const std::string got_all = show_all(config, compiled.match_all(path));
  if (want_all != got_all) {
    return fmt::format("match_all({:?}):\n  reference {}\n  compiled  {}", path, want_all, got_all);
  }
  return {};
}

// The winning pattern of `path`, after checking that both matchers agree on it.
inline std::string
winner(const Config& config, std::string_view path)
{
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  const std::string diff = disagreement(config, reference, compiled, path);
  CHECK_MESSAGE(diff.empty(), diff);
  const auto match = compiled.match(path);
  return match ? config.rules[match->rule].pattern.source() : "(none)";
}

// The params of the winner of `path` (both matchers must agree).
inline std::vector<Param>
params_of(const Config& config, std::string_view path)
{
  const ReferenceMatcher reference(config);
  const CompiledMatcher compiled(config);
  const std::string diff = disagreement(config, reference, compiled, path);
  CHECK_MESSAGE(diff.empty(), diff);
  const auto match = compiled.match(path);
  REQUIRE_MESSAGE(match.has_value(), path);
  return match->params;
}

// Iterations of a differential test: CACHECTL_DIFF_ITERATIONS rule sets, else `fallback`.
inline std::size_t
iterations(std::size_t fallback)
{
  const char* env = std::getenv("CACHECTL_DIFF_ITERATIONS");
  if (env == nullptr || *env == '\0') {
    return fallback;
  }
  return static_cast<std::size_t>(std::strtoull(env, nullptr, 10));
}

// The seed of a differential test: CACHECTL_DIFF_SEED, else `fallback`.
inline std::uint64_t
diff_seed(std::uint64_t fallback)
{
  const char* env = std::getenv("CACHECTL_DIFF_SEED");
  if (env == nullptr || *env == '\0') {
    return fallback;
  }
  return std::strtoull(env, nullptr, 10);
}

// A differential test of the compiled matcher against the reference matcher: rule set n comes
// from Gen(seed + n) (rule_set(), then path(patterns) for each path), under the three
// trailing-slash modes in turn; `seen(config, reference winner)` is called for every path.
// The first disagreement of a set fails the test with the seed, the rules and the difference;
// the run stops after 5 failing sets.
template <class Gen, class Seen>
void
run_differential(std::uint64_t seed, std::size_t rule_sets, std::size_t paths_per_set, Seen seen)
{
  std::size_t failures = 0;
  for (std::size_t n = 0; n < rule_sets && failures < 5; ++n) {
    Gen gen(seed + n);
    const auto patterns = gen.rule_set();
    const std::array<TrailingSlash, 3> modes = {
        TrailingSlash::ignore, TrailingSlash::never, TrailingSlash::always};
    const Config config = make_config(patterns, modes[n % 3]);
    const ReferenceMatcher reference(config);
    const CompiledMatcher compiled(config);
    for (std::size_t p = 0; p < paths_per_set; ++p) {
      const std::string path = gen.path(patterns);
      const std::string diff = disagreement(config, reference, compiled, path);
      seen(config, reference.match(path));
      if (!diff.empty()) {
        ++failures;
        FAIL_CHECK(fmt::format("seed {} (CACHECTL_DIFF_SEED={} iteration {}): {}\n  {}",
                               seed + n,
                               seed,
                               n,
                               describe_config(config),
                               diff));
        break;
      }
    }
  }
}

// A seeded random source for the path and rule generators of the matcher tests.
class Random {
public:
  // A source with a fixed seed.
  explicit Random(std::uint64_t seed)
      : m_rng(seed)
  {
  }

  // A number in [0, n).
  std::size_t
  pick(std::size_t n)
  {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
  }

  // A random element of `items`.
  template <class Items>
  auto
  pick_of(const Items& items) -> decltype(items[0])
  {
    return items[pick(items.size())];
  }

  // `pattern` with its text kept and its params and rests filled in from `values`: a param
  // takes one value ("z" for an empty one), a rest fewer than `rest_limit`, joined by `/`.
  template <class Values>
  std::string
  fill(const std::string& pattern, std::size_t rest_limit, const Values& values)
  {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
      if (pattern[i] != '[') {
        out += pattern[i++];
        continue;
      }
      const bool rest = pattern.compare(i, 4, "[...") == 0;
      i = pattern.find(']', i) + 1;
      if (rest) {
        const std::size_t n = pick(rest_limit);
        for (std::size_t s = 0; s < n; ++s) {
          if (s > 0) {
            out += '/';
          }
          out += pick_of(values);
        }
      } else {
        const std::string_view value = pick_of(values);
        out += value.empty() ? "z" : value;
      }
    }
    return out;
  }

private:
  std::mt19937_64 m_rng;
};

} // namespace cachectl::test
