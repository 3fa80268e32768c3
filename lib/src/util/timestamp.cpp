#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace cachectl {

namespace {

constexpr std::array<std::string_view, 7> k_weekdays = {
    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> k_months = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t
days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Number of days in a month of a year.
unsigned
days_in_month(std::int64_t y, unsigned m)
{
  static constexpr std::array<unsigned, 12> k_days = {
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : k_days[m - 1];
}

// Parses exactly `width` decimal digits at `pos`.
std::optional<unsigned>
digits(std::string_view s, std::size_t pos, std::size_t width)
{
  if (pos + width > s.size()) {
    return std::nullopt;
  }
  unsigned value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return value;
}

// Epoch seconds of a validated civil date and time.
std::optional<std::int64_t>
to_epoch(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  // A leap second (60) counts as the next second, as most HTTP stacks do.
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::optional<std::int64_t>
parse_rfc3339(std::string_view t)
{
  // YYYY-MM-DD(T|t| )HH:MM:SS[.frac](Z|z|(+|-)HH:MM)
  const auto y = digits(t, 0, 4);
  const auto mo = digits(t, 5, 2);
  const auto d = digits(t, 8, 2);
  const auto h = digits(t, 11, 2);
  const auto mi = digits(t, 14, 2);
  const auto s = digits(t, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      ++pos;
    }
    if (pos == start) {
      return std::nullopt;
    }
  }
  std::int64_t offset = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    const auto oh = digits(t, pos + 1, 2);
    const auto om = digits(t, pos + 4, 2);
    if (!oh || !om || t[pos + 3] != ':' || *oh > 23 || *om > 59) {
      return std::nullopt;
    }
    offset = (t[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(*oh * 3600 + *om * 60);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != t.size()) {
    return std::nullopt;
  }
  const auto epoch = to_epoch(*y, *mo, *d, *h, *mi, *s);
  return epoch ? std::optional<std::int64_t>(*epoch - offset) : std::nullopt;
}

std::optional<std::int64_t>
parse_imf_fixdate(std::string_view t)
{
  // "Sun, 06 Nov 1994 08:49:37 GMT" — exactly 29 bytes.
  if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' ||
      t[19] != ':' || t[22] != ':' || t.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto weekday = std::find(k_weekdays.begin(), k_weekdays.end(), t.substr(0, 3));
  const auto month = std::find(k_months.begin(), k_months.end(), t.substr(8, 3));
  const auto d = digits(t, 5, 2);
  const auto y = digits(t, 12, 4);
  const auto h = digits(t, 17, 2);
  const auto mi = digits(t, 20, 2);
  const auto s = digits(t, 23, 2);
  if (weekday == k_weekdays.end() || month == k_months.end() || !d || !y || !h || !mi || !s) {
    return std::nullopt;
  }
  const auto mo = static_cast<unsigned>(month - k_months.begin()) + 1;
  const auto epoch = to_epoch(*y, mo, *d, *h, *mi, *s);
  if (!epoch) {
    return std::nullopt;
  }
  // The weekday must agree with the date (1970-01-01 was a Thursday).
  const std::int64_t days = days_from_civil(*y, mo, *d);
  const auto expected = static_cast<std::size_t>(((days % 7) + 11) % 7);
  if (static_cast<std::size_t>(weekday - k_weekdays.begin()) != expected) {
    return std::nullopt;
  }
  return epoch;
}

} // namespace

std::optional<std::int64_t>
parse_timestamp(std::string_view text)
{
  if (auto t = parse_rfc3339(text)) {
    return t;
  }
  return parse_imf_fixdate(text);
}

std::string
format_imf_fixdate(std::int64_t epoch_seconds)
{
  std::int64_t days = epoch_seconds / 86400;
  std::int64_t secs = epoch_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  // civil_from_days (Howard Hinnant).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  const auto weekday = static_cast<std::size_t>(((days % 7) + 11) % 7);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
                     k_weekdays[weekday],
                     d,
                     k_months[m - 1],
                     y,
                     secs / 3600,
                     secs % 3600 / 60,
                     secs % 60);
}

} // namespace cachectl
