// `cachectl test --update`: the current answers written into the expectation file as a text
// edit at the positions toml++ recorded, so comments, order and layout stay as they are and the
// diff shows only the change of behaviour.
#pragma once

#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectations.hpp>

#include <span>
#include <string>
#include <vector>

namespace cachectl {

/// The rewritten text and what could not be rewritten.
struct UpdateResult {
  std::string text;        ///< the file with every mismatching value replaced
  std::size_t changed = 0; ///< values replaced or lines removed
  /// Expectations left as they were, with the reason (an option no longer set, written inside
  /// an inline table, cannot be removed by a text edit), as `file:line: message`.
  std::vector<std::string> skipped;
};

/// `file`'s text with the value of each mismatch in `results` replaced by the actual answer; an
/// expected option that is no longer set has its line removed when the key stands on a line of
/// its own.
UpdateResult update_expectations(const ExpectationFile& file, std::span<const CaseResult> results);

} // namespace cachectl
