// `cachectl test --generate`: a starting expectation file with one case per rule, at a URL that
// rule wins (found with the pattern automata), asserting what the config answers today.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/match/matcher.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A request path (base included) that rule `index` of `config` wins with `matcher`: the pattern
/// with its parameters filled with their names, else the automaton's shortest example, else
/// paths the automata find outside the rules that took the previous try; nullopt when none was
/// found (the rule is shadowed, see `validate`).
std::optional<std::string>
winning_url(const Config& config, const RuleMatcher& matcher, std::size_t index);

/// A generated expectation file.
struct GeneratedExpectations {
  std::string text;                     ///< the TOML text
  std::vector<std::size_t> unreachable; ///< rules no URL was found for
};

/// One `[[case]]` per rule of `config` in file order, asserting its rule, params, decision,
/// options and the headers of `provider`; `config_ref` is written as the `config` key (the
/// config's path relative to the expectation file).
GeneratedExpectations
generate_expectations(const Config& config, std::string_view config_ref, std::string_view provider);

} // namespace cachectl
