// For a URL no rule serves: the rule that comes closest, and what keeps it from matching.
#pragma once

#include <cachectl/match/matcher.hpp>

#include <optional>
#include <string>

namespace cachectl {

/// The rule a URL nearly hits and why it does not.
struct NearestMiss {
  std::size_t rule = 0; ///< index into Config::rules
  std::string
      reason; ///< e.g. `trailing_slash = "never" refuses the trailing /: /favicon.svg matches`
};

/// For an `unmatched` or `outside_base` resolution: the nearest miss, tried in this order —
/// the path with its trailing slash toggled matches (the trailing-slash mode refuses it), the
/// path read as base-relative matches (the base was left out), a rule that matches but for one
/// static segment spelt a little differently (the closest spelling wins), a rule with one more
/// `[param]` segment at the end. nullopt when none applies or for other kinds.
std::optional<NearestMiss>
nearest_miss(const Config& config, const RuleMatcher& matcher, const Resolution& resolution);

} // namespace cachectl
