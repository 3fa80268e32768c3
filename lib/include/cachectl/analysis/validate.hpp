// `validate`: every check of a config beyond what loading needs — patterns, the rule set as a
// whole, option semantics, provider limits and settings, bypass rules.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/lint/diagnostic.hpp>

#include <string>
#include <vector>

namespace cachectl {

/// What to check beyond the config itself.
struct ValidateOptions {
  /// Providers whose tag, Vary and TTL limits to check, besides `[site] provider`.
  std::vector<std::string> providers;
};

/// Every problem of `loaded` (the loader's diagnostics included), sorted by position.
std::vector<Diagnostic> validate(const LoadedConfig& loaded, const ValidateOptions& options = {});

} // namespace cachectl
