#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <expected>

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

constexpr std::array<std::string_view, 12> k_month_names = {"January",
                                                            "February",
                                                            "March",
                                                            "April",
                                                            "May",
                                                            "June",
                                                            "July",
                                                            "August",
                                                            "September",
                                                            "October",
                                                            "November",
                                                            "December"};

// A timestamp of the right shape whose fields name no real instant.
using Impossible = std::string;

// Epoch seconds of a civil date and time, or why it is impossible ("February 2024 has 29 days").
std::expected<std::int64_t, Impossible>
to_epoch(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
  if (mo < 1 || mo > 12) {
    return std::unexpected(fmt::format("an impossible date: there is no month {:02}", mo));
  }
  if (d < 1 || d > days_in_month(y, mo)) {
    return std::unexpected(fmt::format("an impossible date: {} {:04} has {} days, not {:02}",
                                       k_month_names[mo - 1],
                                       y,
                                       days_in_month(y, mo),
                                       d));
  }
  if (h > 23) {
    return std::unexpected(fmt::format("an impossible time: hour {:02} is not 00-23", h));
  }
  if (mi > 59) {
    return std::unexpected(fmt::format("an impossible time: minute {:02} is not 00-59", mi));
  }
  if (s > 60) {
    return std::unexpected(fmt::format("an impossible time: second {:02} is not 00-60", s));
  }
  // A leap second (60) counts as the next second, as most HTTP stacks do.
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

// Epoch seconds; an empty error: not of the format's shape; else why the date is impossible.
using Parsed = std::expected<std::int64_t, Impossible>;

// Not of the format's shape.
std::unexpected<Impossible>
wrong_shape()
{
  return std::unexpected(Impossible{});
}

Parsed
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
    return wrong_shape();
  }
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      ++pos;
    }
    if (pos == start) {
      return wrong_shape();
    }
  }
  std::int64_t offset = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    const auto oh = digits(t, pos + 1, 2);
    const auto om = digits(t, pos + 4, 2);
    if (!oh || !om || t[pos + 3] != ':') {
      return wrong_shape();
    }
    if (*oh > 23 || *om > 59) {
      return std::unexpected(
          fmt::format("an impossible offset: {} is not -23:59 to +23:59", t.substr(pos, 6)));
    }
    offset = (t[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(*oh * 3600 + *om * 60);
    pos += 6;
  } else {
    return wrong_shape();
  }
  if (pos != t.size()) {
    return wrong_shape();
  }
  const auto epoch = to_epoch(*y, *mo, *d, *h, *mi, *s);
  return epoch ? Parsed(*epoch - offset) : epoch;
}

Parsed
parse_imf_fixdate(std::string_view t)
{
  // "Sun, 06 Nov 1994 08:49:37 GMT" — exactly 29 bytes.
  if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' ||
      t[19] != ':' || t[22] != ':' || t.substr(25) != " GMT") {
    return wrong_shape();
  }
  const auto weekday = std::find(k_weekdays.begin(), k_weekdays.end(), t.substr(0, 3));
  const auto month = std::find(k_months.begin(), k_months.end(), t.substr(8, 3));
  const auto d = digits(t, 5, 2);
  const auto y = digits(t, 12, 4);
  const auto h = digits(t, 17, 2);
  const auto mi = digits(t, 20, 2);
  const auto s = digits(t, 23, 2);
  if (weekday == k_weekdays.end() || month == k_months.end() || !d || !y || !h || !mi || !s) {
    return wrong_shape();
  }
  const auto mo = static_cast<unsigned>(month - k_months.begin()) + 1;
  const auto epoch = to_epoch(*y, mo, *d, *h, *mi, *s);
  if (!epoch) {
    return epoch;
  }
  // The weekday must agree with the date (1970-01-01 was a Thursday).
  const std::int64_t days = days_from_civil(*y, mo, *d);
  const auto expected = static_cast<std::size_t>(((days % 7) + 11) % 7);
  if (static_cast<std::size_t>(weekday - k_weekdays.begin()) != expected) {
    return std::unexpected(fmt::format("an impossible date: {:02} {} {:04} was a {}, not a {}",
                                       *d,
                                       t.substr(8, 3),
                                       *y,
                                       k_weekdays[expected],
                                       *weekday));
  }
  return epoch;
}

} // namespace

std::expected<std::int64_t, std::string>
check_timestamp(std::string_view text)
{
  for (const auto parse : {&parse_rfc3339, &parse_imf_fixdate}) {
    const Parsed t = parse(text);
    if (t) {
      return *t;
    }
    if (!t.error().empty()) {
      return std::unexpected(t.error());
    }
  }
  return std::unexpected(std::string("not an RFC 3339 date-time (2024-05-01T10:00:00Z) or an "
                                     "IMF-fixdate (Wed, 01 May 2024 10:00:00 GMT)"));
}

std::optional<std::int64_t>
parse_common_log_time(std::string_view t)
{
  // 10/Oct/2000:13:55:36 -0700
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' ||
      t[17] != ':' || t[20] != ' ' || (t[21] != '+' && t[21] != '-')) {
    return std::nullopt;
  }
  const auto day = digits(t, 0, 2);
  const auto year = digits(t, 7, 4);
  const auto hour = digits(t, 12, 2);
  const auto minute = digits(t, 15, 2);
  const auto second = digits(t, 18, 2);
  const auto off_h = digits(t, 22, 2);
  const auto off_m = digits(t, 24, 2);
  const auto month = std::find(k_months.begin(), k_months.end(), t.substr(3, 3));
  if (month == k_months.end() || !day || !year || !hour || !minute || !second || !off_h || !off_m ||
      *hour > 23 || *minute > 59 || *second > 60 || *off_h > 23 || *off_m > 59) {
    return std::nullopt;
  }
  const auto m = static_cast<unsigned>(month - k_months.begin()) + 1;
  if (*day < 1 || *day > days_in_month(*year, m)) {
    return std::nullopt;
  }
  const auto offset =
      static_cast<std::int64_t>(*off_h * 3600 + *off_m * 60) * (t[21] == '-' ? -1 : 1);
  const std::int64_t seconds = days_from_civil(*year, m, *day) * 86400 +
                               static_cast<std::int64_t>(*hour * 3600 + *minute * 60 + *second) -
                               offset;
  return seconds * 1000;
}

std::optional<std::int64_t>
parse_timestamp(std::string_view text)
{
  const auto t = check_timestamp(text);
  return t ? std::optional<std::int64_t>(*t) : std::nullopt;
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
