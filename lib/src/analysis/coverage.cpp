#include <cachectl/analysis/coverage.hpp>

namespace cachectl {

std::string_view
to_string(RuleState state)
{
  switch (state) {
  case RuleState::won:
    return "won";
  case RuleState::lost:
    return "lost";
  case RuleState::unreached:
    break;
  }
  return "unreached";
}

double
Coverage::percent() const
{
  return rules.empty() ? 100.0
                       : 100.0 * static_cast<double>(won) / static_cast<double>(rules.size());
}

Coverage
compute_coverage(const Config& config, std::span<const CaseResult> results)
{
  Coverage coverage;
  coverage.rules.resize(config.rules.size());
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    coverage.rules[i].rule = i;
  }
  for (const CaseResult& result : results) {
    if (result.rule && *result.rule < coverage.rules.size()) {
      ++coverage.rules[*result.rule].wins;
    }
    for (std::size_t loser : result.losers) {
      if (loser < coverage.rules.size()) {
        ++coverage.rules[loser].losses;
      }
    }
  }
  for (RuleCoverage& rule : coverage.rules) {
    rule.state = rule.wins > 0     ? RuleState::won
                 : rule.losses > 0 ? RuleState::lost
                                   : RuleState::unreached;
    coverage.won += rule.wins > 0 ? 1 : 0;
  }
  return coverage;
}

} // namespace cachectl
