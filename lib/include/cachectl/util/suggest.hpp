// "Did you mean": the closest of some names to a mistyped one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cachectl {

/// The candidate closest to `word` by edit distance (ties: the first), when it is close enough
/// to be what was meant: at most 2 edits and fewer than half the word's length. Else nullopt.
std::optional<std::string> closest_name(std::string_view word,
                                        std::span<const std::string> candidates);

} // namespace cachectl
