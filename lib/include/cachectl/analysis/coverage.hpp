// `cachectl test --coverage`: which rules the cases exercise — won at least one case, matched
// only to lose (shadowed in practice), or never reached.
#pragma once

#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/config/config.hpp>

#include <span>
#include <vector>

namespace cachectl {

/// What the cases made of one rule.
enum class RuleState {
  won,       ///< the winner of at least one case
  lost,      ///< matched some case but always lost to a higher-priority rule
  unreached, ///< matched no case at all
};

/// The lowercase name of a state ("won", "lost", "unreached").
std::string_view to_string(RuleState state);

/// One rule's coverage.
struct RuleCoverage {
  std::size_t rule = 0; ///< index into Config::rules
  RuleState state = RuleState::unreached;
  std::size_t wins = 0;   ///< cases it won
  std::size_t losses = 0; ///< cases it matched and lost
};

/// The coverage of a config's rules by the results of one or more runs.
struct Coverage {
  std::vector<RuleCoverage> rules; ///< in file order
  std::size_t won = 0;             ///< rules that won at least one case

  /// Rules that won at least one case, in percent of all rules (100 for a config without rules).
  double percent() const;
};

/// Counts wins and losses of each rule of `config` over `results`.
Coverage compute_coverage(const Config& config, std::span<const CaseResult> results);

} // namespace cachectl
