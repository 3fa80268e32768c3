// Helpers shared by the fuzz targets: splitting an input into lines and failing loudly when a
// property does not hold (libFuzzer then saves the input as a crash file).
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::fuzz {

/// Prints `what` (and `detail`, made printable) to stderr and aborts.
[[noreturn]] inline void
fail(std::string_view what, std::string_view detail = {})
{
  std::string shown;
  for (const char c : detail.substr(0, 2000)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      shown += c;
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02X", byte);
      shown += escape;
    }
  }
  std::fprintf(stderr,
               "fuzz property violated: %.*s\n  %s\n",
               static_cast<int>(what.size()),
               what.data(),
               shown.c_str());
  std::abort();
}

/// Aborts with `what` and `detail` unless `condition` holds.
inline void
check(bool condition, std::string_view what, std::string_view detail = {})
{
  if (!condition) {
    fail(what, detail);
  }
}

/// The input as text.
inline std::string_view
as_text(const unsigned char* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

/// The `\n`-separated lines of `text` (a final empty line is dropped), at most `limit` of them.
inline std::vector<std::string_view>
split_lines(std::string_view text, std::size_t limit)
{
  std::vector<std::string_view> lines;
  while (!text.empty() && lines.size() < limit) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

} // namespace cachectl::fuzz
