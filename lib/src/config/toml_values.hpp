// Helpers of the config loader: positions of toml++ nodes, values of checked nodes, and the
// text of keys, values and types in messages. Internal to lib/src/config.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::config_detail {

// One key of a table with its value.
struct Entry {
  const toml::key* key;
  const toml::node* value;
};

// The position toml++ recorded, as a SourcePos.
SourcePos to_pos(const toml::source_position& position);

// Where `key` and its `value` are written.
KeyPlace place_of(const toml::key& key, const toml::node& value);

// True when `a` comes before `b` in the file.
bool before(const SourcePos& a, const SourcePos& b);

// The entries of `table` in the order they are written (toml::table is ordered by key).
std::vector<Entry> in_file_order(const toml::table& table);

// `text` with control characters escaped as in a TOML basic string.
std::string escaped(std::string_view text, bool escape_quotes);

// `text` as a TOML basic string, quotes included.
std::string toml_quoted(std::string_view text);

// A key name for use between backquotes in a message.
std::string shown(std::string_view name);

// The TOML type of `node` with its article, for messages ("an integer").
std::string_view actual_type(const toml::node& node);

// The type a key takes, with its article, for messages ("an array of strings").
std::string_view expected_type(KeyType type);

// `items` as `a, b and c` (each item already formatted).
std::string join_and(const std::vector<std::string>& items);

// The shortest text of a float that reads back as the same TOML float ("2.5", "1000.0").
std::string float_text(double value);

// The text of a number node (integer or float) as written in a message or a setting.
std::string number_text(const toml::node& node);

// The strings of an array already checked to hold only strings.
std::vector<std::string> strings_of(const toml::node& node);

// The codes of an `allow` array already checked to hold only strings, with their positions.
std::vector<AllowEntry> allow_entries(const toml::node& value);

// The integers of an array already checked to hold only integers.
std::vector<std::int64_t> integers_of(const toml::node& node);

// Number of UTF-8 code points in `text` (toml++ counts columns in code points).
std::uint32_t code_points(std::string_view text);

// The code points before a byte, given those before the byte before it and that byte (the first
// byte of a line starts a code point even when it is a continuation byte).
std::size_t advance_code_points(std::size_t count, char c);

// The seconds of a checked duration value (an integer, or a duration string).
std::int64_t seconds_of(const toml::node& node);

// True when `name` is an RFC 9110 token, as field names are.
bool is_field_name(std::string_view name);

} // namespace cachectl::config_detail
