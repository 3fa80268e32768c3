// The URL operands of `match` and `headers`: arguments, and `-` for one URL per line of stdin.
#pragma once

#include "terminal.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::cli {

/// Input lines longer than this are cut as they are read (bounded memory): the URL limit plus
/// room for the spaces and CR around a URL; a cut line is still refused as over-long.
std::size_t max_input_line();

/// Calls `each(url, bytes)` for every operand and, for `-`, every line of standard input
/// (trimmed; blank lines and `#` comments skipped); `bytes` is the input's real length, more
/// than url.size() when a line was cut. `idle()` runs before a read that may block, so
/// results stream. Stops early once standard output failed. A read error is printed on `err`
/// as `cachectl: error: COMMAND: cannot read standard input: Is a directory` and makes it
/// return false; with `quiet` false, it warns when stdin had no URL.
bool for_each_url(std::string_view command,
                  const std::vector<std::string>& operands,
                  const std::function<void(std::string_view url, std::size_t bytes)>& each,
                  const std::function<void()>& idle,
                  bool quiet,
                  const Terminal& err);

} // namespace cachectl::cli
