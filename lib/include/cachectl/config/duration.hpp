// Durations in cache.toml: integer seconds, or a string of number-unit parts such as "1h30m".
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace cachectl {

/// The units a duration string accepts, for messages: `y` (365 d), `w`, `d`, `h`, `m`, `s`.
inline constexpr std::string_view duration_units = "y (365 days), w, d, h, m, s";

/// The seconds of a duration string: one or more `<digits><unit>` parts, units in descending order
/// and each at most once (`"7d"`, `"1h30m"`, `"90s"`, `"1y"`); no spaces, no sign, no fraction.
/// Fails with a sentence saying what is wrong; results above `max` fail too.
std::expected<std::int64_t, std::string> parse_duration(std::string_view text, std::int64_t max);

} // namespace cachectl
