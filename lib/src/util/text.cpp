#include "util/text.hpp"

namespace cachectl {

namespace {

// The value of a hex digit, or -1.
int
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

} // namespace

std::string_view
trim_ows(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::string
ascii_lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string
percent_decode(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::vector<std::size_t>
line_starts(std::string_view text, std::size_t first)
{
  std::vector<std::size_t> out{first};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      out.push_back(i + 1);
    }
  }
  return out;
}

std::string_view
line_at(std::string_view text, const std::vector<std::size_t>& starts, std::uint32_t line)
{
  if (line == 0 || line > starts.size()) {
    return {};
  }
  const std::size_t start = starts[line - 1];
  const std::size_t end = line < starts.size() ? starts[line] - 1 : text.size();
  std::string_view out = text.substr(start, end - start);
  if (out.ends_with('\r')) {
    out.remove_suffix(1);
  }
  return out;
}

} // namespace cachectl
