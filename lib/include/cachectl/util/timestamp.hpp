// HTTP and RFC 3339 timestamps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cachectl {

/// Seconds since the Unix epoch of an RFC 3339 date-time (`2024-05-01T10:00:00Z`,
/// `2024-05-01T12:00:00+02:00`, fractions ignored) or an IMF-fixdate
/// (`Wed, 01 May 2024 10:00:00 GMT`); nullopt when `text` is neither or not a real date.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

/// The IMF-fixdate (RFC 9110 5.6.7) spelling of an epoch time, e.g. `Wed, 01 May 2024 10:00:00
/// GMT`.
std::string format_imf_fixdate(std::int64_t epoch_seconds);

} // namespace cachectl
