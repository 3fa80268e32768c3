#include "config/toml_values.hpp"

#include "util/fold_index.hpp"

#include <cachectl/config/duration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace cachectl::config_detail {

// The position toml++ recorded, as a SourcePos.
SourcePos
to_pos(const toml::source_position& position)
{
  return SourcePos{position.line, position.column};
}

// Where `key` and its `value` are written.
KeyPlace
place_of(const toml::key& key, const toml::node& value)
{
  return KeyPlace{to_pos(key.source().begin),
                  to_pos(key.source().end),
                  to_pos(value.source().begin),
                  to_pos(value.source().end)};
}

// True when `a` comes before `b` in the file.
bool
before(const SourcePos& a, const SourcePos& b)
{
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// The entries of `table` in the order they are written (toml::table is ordered by key).
std::vector<Entry>
in_file_order(const toml::table& table)
{
  std::vector<Entry> entries;
  entries.reserve(table.size());
  for (const auto& [key, value] : table) {
    entries.push_back(Entry{&key, &value});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return before(to_pos(a.key->source().begin), to_pos(b.key->source().begin));
  });
  return entries;
}

// `text` with control characters escaped as in a TOML basic string.
std::string
escaped(std::string_view text, bool escape_quotes)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04X}", byte);
    } else if (escape_quotes && (c == '"' || c == '\\')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// `text` as a TOML basic string, quotes included.
std::string
toml_quoted(std::string_view text)
{
  return "\"" + escaped(text, true) + "\"";
}

// A key name for use between backquotes in a message.
std::string
shown(std::string_view name)
{
  return escaped(name, false);
}

// The TOML type of `node` with its article, for messages ("an integer").
std::string_view
actual_type(const toml::node& node)
{
  switch (node.type()) {
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a float";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::date:
    return "a date";
  case toml::node_type::time:
    return "a time";
  case toml::node_type::date_time:
    return "a date-time";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::table:
    return "a table";
  case toml::node_type::none:
    break;
  }
  return "nothing";
}

// The type a key takes, with its article, for messages ("an array of strings").
std::string_view
expected_type(KeyType type)
{
  switch (type) {
  case KeyType::integer:
    return "an integer";
  case KeyType::boolean:
    return "a boolean";
  case KeyType::string:
    return "a string";
  case KeyType::string_array:
    return "an array of strings";
  case KeyType::integer_array:
    return "an array of integers";
  case KeyType::string_or_string_array:
    return "a string or array of strings";
  case KeyType::table:
    return "a table";
  case KeyType::duration:
    return "a duration (integer seconds or a string such as \"1h\")";
  case KeyType::number:
    break;
  }
  return "a number";
}

// `items` as `a, b and c` (each item already formatted).
std::string
join_and(const std::vector<std::string>& items)
{
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " and " : ", ";
    }
    out += items[i];
  }
  return out;
}

// The shortest text of a float that reads back as the same TOML float ("2.5", "1000.0").
std::string
float_text(double value)
{
  std::string text = fmt::format("{}", value);
  if (text.find_first_not_of("-0123456789") == std::string::npos) {
    text += ".0";
  }
  return text;
}

// The text of a number node (integer or float) as written in a message or a setting.
std::string
number_text(const toml::node& node)
{
  if (const auto* integer = node.as_integer()) {
    return fmt::format("{}", integer->get());
  }
  return float_text(node.as_floating_point()->get());
}

// The strings of an array already checked to hold only strings.
std::vector<std::string>
strings_of(const toml::node& node)
{
  std::vector<std::string> out;
  const auto& array = *node.as_array();
  out.reserve(array.size());
  for (const auto& element : array) {
    out.push_back(element.as_string()->get());
  }
  return out;
}

// The codes of an `allow` array already checked to hold only strings, with their positions.
std::vector<AllowEntry>
allow_entries(const toml::node& value)
{
  std::vector<AllowEntry> out;
  for (const auto& element : *value.as_array()) {
    out.push_back(AllowEntry{
        element.as_string()->get(), to_pos(element.source().begin), to_pos(element.source().end)});
  }
  return out;
}

// The integers of an array already checked to hold only integers.
std::vector<std::int64_t>
integers_of(const toml::node& node)
{
  std::vector<std::int64_t> out;
  const auto& array = *node.as_array();
  out.reserve(array.size());
  for (const auto& element : array) {
    out.push_back(element.as_integer()->get());
  }
  return out;
}

// Number of UTF-8 code points in `text` (toml++ counts columns in code points).
std::uint32_t
code_points(std::string_view text)
{
  return static_cast<std::uint32_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

// The code points before a byte, given those before the byte before it and that byte (the first
// byte of a line starts a code point even when it is a continuation byte).
std::size_t
advance_code_points(std::size_t count, char c)
{
  return is_continuation(c) && count > 0 ? count : count + 1;
}
// Checked durations are within their key's maximum, which no duration string exceeds either.
std::int64_t
seconds_of(const toml::node& node)
{
  if (const auto* integer = node.as_integer()) {
    return integer->get();
  }
  return parse_duration(node.as_string()->get(), std::numeric_limits<std::int64_t>::max())
      .value_or(0);
}

bool
is_field_name(std::string_view name)
{
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

} // namespace cachectl::config_detail
