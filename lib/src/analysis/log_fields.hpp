// Fields shared by the access log parsers of `cachectl simulate` (access_record.cpp,
// cloudfront_log.cpp): numbers, statuses and quoted fields read without allocation.
#pragma once

#include <cstdint>
#include <cstring>
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

/// A double-quoted field at the start of `rest` (backslash escapes skipped, not decoded),
/// consumed with the spaces after it; nullopt when `rest` does not start with one.
inline std::optional<std::string_view>
quoted_field(std::string_view& rest)
{
  if (rest.empty() || rest.front() != '"') {
    return std::nullopt;
  }
  // The closing quote is the first `"` after an even run of backslashes (each `\\` pair is one
  // escaped backslash, `\"` an escaped quote), found with memchr rather than byte by byte.
  for (std::size_t from = 1; from < rest.size();) {
    const void* found = std::memchr(rest.data() + from, '"', rest.size() - from);
    if (found == nullptr) {
      break;
    }
    const auto i = static_cast<std::size_t>(static_cast<const char*>(found) - rest.data());
    std::size_t backslashes = 0;
    while (i - backslashes > 1 && rest[i - backslashes - 1] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      const std::string_view field = rest.substr(1, i - 1);
      rest.remove_prefix(i + 1);
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      return field;
    }
    from = i + 1;
  }
  return std::nullopt;
}

/// True for a line that looks like a CloudFront standard log record: `yyyy-mm-dd<TAB>`.
bool cloudfront_record(std::string_view line);

} // namespace cachectl
