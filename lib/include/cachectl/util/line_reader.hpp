// Lines of a file or standard input with bounded memory and every read error reported.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// One line from a LineReader: its text without the `\n`, cut at the reader's limit.
struct InputLine {
  std::string_view text;  ///< at most the reader's `max_line` bytes; valid until the next read
  std::size_t number = 0; ///< 1-based line number
  std::size_t bytes = 0;  ///< length of the whole line in bytes (more than text.size() when cut)

  /// True when the line was longer than the reader's limit and only its start is kept.
  bool
  cut() const
  {
    return bytes > text.size();
  }
};

/// Reads lines from a file descriptor (a file, a pipe, a terminal, standard input). Memory stays
/// bounded: a line longer than `max_line` bytes keeps only its first `max_line` bytes, the rest
/// is skipped as it arrives. A read error (a directory, EIO) ends the input with error() set, so
/// that no caller mistakes it for the end of the input.
class LineReader {
public:
  /// A read(2)-like source: bytes read, 0 at the end, -1 with errno set on an error.
  using ReadFn = std::function<ssize_t(char* buffer, std::size_t size)>;

  /// Opens `path` for reading, "-" meaning standard input; the error says why not ("cannot read
  /// DIR: Is a directory"). A directory is refused here, before any read.
  static std::expected<LineReader, std::string> open(const std::string& path, std::size_t max_line);

  /// Reads from `read`, naming the input `name` in messages.
  LineReader(std::string name, ReadFn read, std::size_t max_line);
  /// Closes the file it opened (never standard input).
  ~LineReader();
  /// Moves the reader (and the ownership of its file).
  LineReader(LineReader&& other) noexcept;
  /// Moves the reader (and the ownership of its file).
  LineReader& operator=(LineReader&& other) noexcept;
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line; nullopt at the end of the input or after a read error (see error()). A last
  /// line without `\n` is a line; a line cut short by a read error is dropped.
  std::optional<InputLine> next();
  /// "" when the input ended normally, else "cannot read NAME: reason".
  const std::string&
  error() const
  {
    return m_error;
  }
  /// "standard input" or the path.
  const std::string&
  name() const
  {
    return m_name;
  }
  /// True when a whole line is already buffered, so next() returns without reading (callers
  /// flush their output before a read that may block).
  bool pending() const;

private:
  std::string m_name;
  ReadFn m_read;
  std::size_t m_max_line;
  int m_fd = -1; // owned file descriptor, -1 when none
  std::vector<char> m_buffer;
  std::size_t m_begin = 0;
  std::size_t m_end = 0;
  std::string m_line;
  std::size_t m_number = 0;
  bool m_done = false;
  std::string m_error;
};

} // namespace cachectl
