// Values as canonical inline TOML text: how `cachectl test` compares, prints and writes back
// expected and actual answers (`300`, `"max-age=60"`, `["a", "b"]`, `{ slug = "x" }`, `false`).
#pragma once

#include <cachectl/lint/diagnostic.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// `text` as a TOML basic string, quotes included, control characters escaped.
std::string toml_string(std::string_view text);

/// A key as TOML writes it: bare when it may be, else quoted.
std::string toml_key(std::string_view key);

/// Strings as a TOML array of strings.
std::string toml_string_array(const std::vector<std::string>& items);

/// Integers as a TOML array.
std::string toml_integer_array(const std::vector<std::int64_t>& items);

/// Pairs as an inline table, keys sorted (tables compare regardless of order).
std::string toml_inline_table(std::vector<std::pair<std::string, std::string>> entries);

/// A node of a parsed document in the same canonical form (tables with sorted keys).
std::string toml_text(const toml::node& node);

/// The byte offset of a toml++ position in `text` (toml++ counts columns in code points and
/// does not count a byte order mark); the end of `text` when the position is beyond it.
std::size_t byte_offset(std::string_view text, SourcePos pos);

} // namespace cachectl
