// Levenshtein distance with an early exit, for "did you mean" suggestions (after ninja's
// EditDistance).
#pragma once

#include <cstddef>
#include <string_view>

namespace cachectl {

/// The number of single-byte insertions, deletions and replacements that turn `a` into `b`.
/// With `max_distance` > 0 the computation stops as soon as the distance is known to exceed
/// it and returns `max_distance + 1`; 0 means no limit.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max_distance = 0);

} // namespace cachectl
