// Text helpers of the tag checks.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

// `{name}` templates of a tag, in order.
inline std::vector<std::string>
template_names(std::string_view tag)
{
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = tag.find('{', pos)) != std::string_view::npos) {
    const std::size_t close = tag.find('}', pos + 1);
    if (close == std::string_view::npos) {
      break;
    }
    names.emplace_back(tag.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

// The tag without its `{name}` templates: the part whose characters are known.
inline std::string
static_text(std::string_view tag)
{
  std::string out;
  std::size_t pos = 0;
  while (pos < tag.size()) {
    const std::size_t open = tag.find('{', pos);
    const std::size_t close = open == std::string_view::npos ? open : tag.find('}', open + 1);
    if (close == std::string_view::npos) {
      out.append(tag.substr(pos));
      break;
    }
    out.append(tag.substr(pos, open - pos));
    pos = close + 1;
  }
  return out;
}

// How a character is named in messages.
inline std::string
char_name(char c)
{
  const auto u = static_cast<unsigned char>(c);
  if (c == ' ') {
    return "a space";
  }
  if (c == ',') {
    return "a comma";
  }
  if (u < 0x21 || u >= 0x7F) {
    return fmt::format("byte 0x{:02X}", u);
  }
  return fmt::format("`{}`", c);
}

// True for an RFC 9110 token character.
inline bool
is_tchar(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

} // namespace cachectl
