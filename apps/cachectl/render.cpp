#include "render.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::cli {

std::string
toml_text(const Json& value)
{
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      out += (i == 0 ? "" : ", ") + toml_text(value[i]);
    }
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : value.items()) {
      out += fmt::format("{} {} = {}", first ? "" : ",", k, toml_text(v));
      first = false;
    }
    return out + " }";
  }
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string_view
status_name(Resolution::Kind kind)
{
  switch (kind) {
  case Resolution::Kind::matched:
    return "matched";
  case Resolution::Kind::unmatched:
    return "unmatched";
  case Resolution::Kind::outside_base:
    return "outside_base";
  case Resolution::Kind::redirect:
    return "redirect";
  case Resolution::Kind::invalid:
    break;
  }
  return "invalid";
}

std::string
redacted_input(std::string_view input)
{
  const std::size_t scheme_end = input.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::string(input);
  }
  const std::size_t authority = scheme_end + 3;
  const std::size_t authority_end = std::min(input.find_first_of("/?#", authority), input.size());
  const std::size_t at = input.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority) {
    return std::string(input);
  }
  const std::size_t colon = input.substr(authority, at - authority).find(':');
  if (colon == std::string_view::npos) {
    return std::string(input);
  }
  return std::string(input.substr(0, authority + colon + 1)) + "***" +
         std::string(input.substr(at));
}

std::string_view
trim_line(std::string_view line)
{
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = line.find_last_not_of(" \t\r\n");
  return line.substr(first, last - first + 1);
}

} // namespace cachectl::cli
