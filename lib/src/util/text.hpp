// Small ASCII text helpers shared by the library's modules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// `text` without leading and trailing spaces and tabs (OWS, RFC 9110 5.6.3).
std::string_view trim_ows(std::string_view text);

/// The ASCII lowercase form of `text` (other bytes unchanged).
std::string ascii_lower(std::string_view text);

/// `text` with `%XX` escapes decoded; a `%` not followed by two hex digits is kept as written.
std::string percent_decode(std::string_view text);

/// Where each line of `text` starts: line 1 at `first` (past a byte order mark, say), each other
/// line just past a `\n`.
std::vector<std::size_t> line_starts(std::string_view text, std::size_t first = 0);

/// Line `line` (1-based) of `text`, whose line_starts() are `starts`, without its `\n` or
/// `\r\n`; empty when there is no such line.
std::string_view
line_at(std::string_view text, const std::vector<std::size_t>& starts, std::uint32_t line);

} // namespace cachectl
