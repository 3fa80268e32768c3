// Errors carried as values: a message and the place in a file it refers to.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace cachectl {

/// A 1-based line and column in a source file; 0 means "unknown".
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// True when the position points somewhere.
  bool
  known() const
  {
    return line != 0;
  }
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

/// One problem found in an input, rendered once at the edge as `file:line:col: error: message`.
struct Error {
  std::string message;
  std::string file; ///< may be empty (e.g. a URL given on the command line)
  SourcePos pos;

  friend bool operator==(const Error&, const Error&) = default;
};

/// A value or the errors that prevented it.
template <class T>
using Result = std::expected<T, std::vector<Error>>;

/// Renders `file:line:col: error: message` (parts that are unknown are left out).
std::string format_error(const Error& error);

} // namespace cachectl
