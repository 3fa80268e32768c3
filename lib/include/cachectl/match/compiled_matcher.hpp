// The fast matcher: a segment trie searched in priority order, answering exactly like the
// reference matcher (same rule, same params) at a cost that does not grow with the rule count.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/match/matcher.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace cachectl {

/// Size figures of a compiled matcher (for `cachectl bench`).
struct CompiledMatcherStats {
  std::size_t rules = 0;          ///< rules compiled
  std::size_t nodes = 0;          ///< trie nodes, the root included
  std::size_t static_edges = 0;   ///< entries of the static-segment hash table
  std::size_t program_rules = 0;  ///< rules whose params need the backtracking evaluator
  std::size_t variable_nodes = 0; ///< nodes under a rest (searched with memoization)
  std::size_t heap_bytes = 0;     ///< memory held by the matcher's own structures
};

/// Segment trie over the rules of a config. Static segments are found by hashing, params and
/// mixed segments are tried in order (a node with more than 8 mixed children finds the ones
/// that can match through their literal prefixes and suffixes), rests take every possible
/// number of segments (with memoization, so no input is exponential); subtrees whose best
/// rule cannot beat the best match found so far are skipped. Params come from the segment
/// boundaries, or for patterns with rests or mixed segments from a backtracking evaluator of
/// the winner's own regex with RE2's leftmost-first lazy captures. Thread-safe for concurrent
/// lookups.
class CompiledMatcher final : public RuleMatcher {
public:
  /// Compiles the rules of `config` (its trailing-slash mode included; the base is applied by
  /// `resolve` before matching).
  explicit CompiledMatcher(const Config& config);
  ~CompiledMatcher() override;
  CompiledMatcher(CompiledMatcher&&) noexcept;
  CompiledMatcher& operator=(CompiledMatcher&&) noexcept;

  std::optional<RuleMatch> match(std::string_view path) const override;
  std::vector<RuleMatch> match_all(std::string_view path) const override;
  /// Like match(), reusing the storage of `out` (no allocation once warm); false when no
  /// rule matches, `out` then being unspecified.
  bool match_into(std::string_view path, RuleMatch& out) const override;
  /// The winning rule only, without its params.
  std::optional<std::size_t> match_rule(std::string_view path) const;
  /// Rule indices in priority order (as ReferenceMatcher::order()).
  const std::vector<std::size_t>& order() const;
  /// Size figures.
  CompiledMatcherStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cachectl
