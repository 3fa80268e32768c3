#include "analysis/toml_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace cachectl {

std::string
toml_string(std::string_view text)
{
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (byte < 0x20 || byte == 0x7F) {
        out += fmt::format("\\u{:04X}", byte);
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string
toml_key(std::string_view key)
{
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(key) : toml_string(key);
}

std::string
toml_string_array(const std::vector<std::string>& items)
{
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i == 0 ? "" : ", ") + toml_string(items[i]);
  }
  return out + "]";
}

std::string
toml_integer_array(const std::vector<std::int64_t>& items)
{
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += fmt::format("{}{}", i == 0 ? "" : ", ", items[i]);
  }
  return out + "]";
}

std::string
toml_inline_table(std::vector<std::pair<std::string, std::string>> entries)
{
  if (entries.empty()) {
    return "{}";
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first < b.first;
  });
  std::string out = "{ ";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    out +=
        fmt::format("{}{} = {}", i == 0 ? "" : ", ", toml_key(entries[i].first), entries[i].second);
  }
  return out + " }";
}

std::string
toml_text(const toml::node& node)
{
  if (const auto* s = node.as_string()) {
    return toml_string(s->get());
  }
  if (const auto* i = node.as_integer()) {
    return fmt::format("{}", i->get());
  }
  if (const auto* b = node.as_boolean()) {
    return b->get() ? "true" : "false";
  }
  if (const auto* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < a->size(); ++i) {
      out += (i == 0 ? "" : ", ") + toml_text(*a->get(i));
    }
    return out + "]";
  }
  if (const auto* t = node.as_table()) {
    std::vector<std::pair<std::string, std::string>> entries;
    for (const auto& [key, value] : *t) {
      entries.emplace_back(std::string(key.str()), toml_text(value));
    }
    return toml_inline_table(std::move(entries));
  }
  std::ostringstream out; // floats, dates and times as toml++ writes them
  node.visit([&](const auto& value) { out << value; });
  return out.str();
}

std::size_t
byte_offset(std::string_view text, SourcePos pos)
{
  std::size_t at = 0;
  for (std::uint32_t line = 1; line < pos.line; ++line) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) {
      return text.size();
    }
    ++at;
  }
  if (at == 0 && text.starts_with("\xEF\xBB\xBF")) {
    at = 3;
  }
  for (std::uint32_t column = 1; column < pos.column && at < text.size(); ++column) {
    ++at; // one code point: its lead byte, then its continuation bytes
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) {
      ++at;
    }
  }
  return at;
}

} // namespace cachectl
