#include <cachectl/util/html_text.hpp>
#include <cachectl/util/unsafe_text.hpp>

namespace cachectl {

std::string
html_escape(std::string_view text)
{
  static constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
          out += replacement;
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    const CodePoint point = decode_utf8(text, i);
    if (point.length == 0) {
      out += replacement;
      ++i;
      continue;
    }
    if ((point.value >= 0x80 && point.value <= 0x9F) || point.value == 0xFFFE ||
        point.value == 0xFFFF) {
      out += replacement;
    } else {
      out += text.substr(i, point.length);
    }
    i += point.length;
  }
  return out;
}

} // namespace cachectl
