#include <cachectl/config/duration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

namespace cachectl {

namespace {

// The units, largest first, with their seconds.
constexpr std::array<std::pair<char, std::int64_t>, 6> units = {{
    {'y', 365 * 86400},
    {'w', 7 * 86400},
    {'d', 86400},
    {'h', 3600},
    {'m', 60},
    {'s', 1},
}};

} // namespace

std::expected<std::int64_t, std::string>
parse_duration(std::string_view text, std::int64_t max)
{
  if (text.empty()) {
    return std::unexpected("an empty duration");
  }
  std::int64_t total = 0;
  std::size_t next_unit = 0; // index into `units` the next part may use
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = at;
    std::int64_t number = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      number = number * 10 + (text[at] - '0');
      if (number > max) {
        return std::unexpected(fmt::format("more than {} seconds", max));
      }
      ++at;
    }
    if (at == start) {
      return std::unexpected(fmt::format("a number is missing before `{}`", text.substr(start, 8)));
    }
    if (at == text.size()) {
      return std::unexpected(start == 0 ? fmt::format("no unit; seconds are written as an integer, "
                                                      "without quotes ({})",
                                                      text)
                                        : fmt::format("`{}` has no unit", text.substr(start)));
    }
    const char unit = text[at];
    std::size_t index = next_unit;
    while (index < units.size() && units[index].first != unit) {
      ++index;
    }
    if (index == units.size()) {
      const bool known =
          std::any_of(units.begin(), units.end(), [&](const auto& u) { return u.first == unit; });
      return std::unexpected(known ? fmt::format("unit `{}` out of order (largest first, each "
                                                 "once)",
                                                 unit)
                                   : fmt::format("unknown unit `{}`", unit));
    }
    ++at;
    next_unit = index + 1;
    if (number > (max - total) / units[index].second) {
      return std::unexpected(fmt::format("more than {} seconds", max));
    }
    total += number * units[index].second;
  }
  return total;
}

} // namespace cachectl
