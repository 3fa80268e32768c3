#include "render.hpp"

#include <fmt/format.h>

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
