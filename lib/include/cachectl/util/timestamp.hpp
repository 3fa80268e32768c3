// HTTP and RFC 3339 timestamps.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace cachectl {

/// Seconds since the Unix epoch of an RFC 3339 date-time (`2024-05-01T10:00:00Z`,
/// `2024-05-01T12:00:00+02:00`, fractions ignored) or an IMF-fixdate
/// (`Wed, 01 May 2024 10:00:00 GMT`); nullopt when `text` is neither or not a real date.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

/// Milliseconds since the epoch of a common-log (Apache/nginx `$time_local`) time
/// `10/Oct/2000:13:55:36 -0700`; nullopt when it is not one or not a real date. Parsed by hand:
/// no locale, no strptime, no allocation.
std::optional<std::int64_t> parse_common_log_time(std::string_view text);

/// parse_timestamp, or what is wrong, to follow "X is": "an impossible date: February 2024
/// has 29 days, not 30", "an impossible time: …" for a timestamp of the right shape that does
/// not exist (day, month, hour, offset out of range, an IMF-fixdate weekday that disagrees), else
/// "not an RFC 3339 date-time (…) or an IMF-fixdate (…)".
std::expected<std::int64_t, std::string> check_timestamp(std::string_view text);

/// The IMF-fixdate (RFC 9110 5.6.7) spelling of an epoch time, e.g. `Wed, 01 May 2024 10:00:00
/// GMT`.
std::string format_imf_fixdate(std::int64_t epoch_seconds);

} // namespace cachectl
