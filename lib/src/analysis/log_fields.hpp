// Fields shared by the access log parsers of `cachectl simulate` (access_record.cpp,
// cloudfront_log.cpp): numbers and statuses read without allocation.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cachectl {

/// A decimal number of 1–19 digits (a status, a byte count), or nullopt.
inline std::optional<std::uint64_t>
unsigned_number(std::string_view text)
{
  if (text.empty() || text.size() > 19) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

/// A response status: three digits, 100–599.
inline std::optional<int>
status_of(std::string_view text)
{
  const auto value = unsigned_number(text);
  if (text.size() != 3 || !value || *value < 100 || *value > 599) {
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

/// True for a line that looks like a CloudFront standard log record: `yyyy-mm-dd<TAB>`.
bool cloudfront_record(std::string_view line);

} // namespace cachectl
