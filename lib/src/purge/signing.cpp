#include "purge/signing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace cachectl {

EnvLookup
process_env()
{
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

std::string
format_utc_basic(std::chrono::system_clock::time_point time,
                 std::string_view time_separator,
                 std::string_view zone)
{
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date(days);
  const std::chrono::hh_mm_ss clock(seconds - days);
  return fmt::format("{:04}{:02}{:02}T{:02}{}{:02}{}{:02}{}",
                     static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()),
                     clock.hours().count(),
                     time_separator,
                     clock.minutes().count(),
                     time_separator,
                     clock.seconds().count(),
                     zone);
}

bool
is_http_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string
collapse_spaces(std::string_view value)
{
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_http_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) {
        out += ' ';
        pending_space = false;
      }
      out += c;
    }
  }
  return out;
}

std::string
backquoted_list(const std::vector<std::string>& names)
{
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out += i + 1 == names.size() ? " and " : ", ";
    }
    out += "`" + names[i] + "`";
  }
  return out;
}

std::optional<SigningError>
check_headers(const HttpHeaders& headers)
{
  for (const auto& [name, value] : headers) {
    const bool bad_name = name.empty() || std::any_of(name.begin(), name.end(), [](char c) {
                            return is_http_space(c) || c == ':' || c == '\0';
                          });
    if (bad_name) {
      return SigningError{.message = "a header name is empty or holds whitespace, `:` or NUL"};
    }
    const bool bad_value = (!value.empty() && is_http_space(value.front())) ||
                           value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
    if (bad_value) {
      return SigningError{.message = "header `" + name + "`: " + std::string(k_bad_header_value) +
                                     " (the value is not shown)"};
    }
  }
  return std::nullopt;
}

} // namespace cachectl
