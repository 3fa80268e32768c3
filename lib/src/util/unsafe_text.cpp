#include <cachectl/util/unsafe_text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

CodePoint
decode_utf8(std::string_view text, std::size_t at)
{
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char c = byte(at);
  if (c < 0x80) {
    return {c, 1};
  }
  std::size_t length = 0;
  char32_t value = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    value = c & 0x1FU;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    value = c & 0x0FU;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    value = c & 0x07U;
  } else {
    return {};
  }
  if (at + length > text.size()) {
    return {};
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(at + k) & 0xC0U) != 0x80U) {
      return {};
    }
    value = (value << 6U) | (byte(at + k) & 0x3FU);
  }
  const bool overlong = (length == 3 && value < 0x800) || (length == 4 && value < 0x10000);
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (overlong || surrogate || value > 0x10FFFF) {
    return {};
  }
  return {value, length};
}

bool
unsafe_code_point(char32_t c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x61C || c == 0x180E ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

std::string
escape_unsafe(std::string_view text)
{
  // Printable ASCII, the common case, needs no decoding.
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const CodePoint c = decode_utf8(text, i);
    if (c.length == 0 || c.value < 0x20 || c.value == 0x7F) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
      ++i;
    } else if (unsafe_code_point(c.value)) {
      out += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(c.value));
      i += c.length;
    } else {
      out.append(text.substr(i, c.length));
      i += c.length;
    }
  }
  return out;
}

} // namespace cachectl
