// The `--failed-out` file of `purge`, written atomically: lines go to a temporary file in the
// same directory, which replaces the named file only when the run ends (a signal included), so
// the file holds whole lines only and is never truncated before a `--from` of the same file
// (same path, symlink or hard link) has been read. A file that is not a regular file (a FIFO,
// /dev/stdout, /dev/null) is written in place.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace cachectl::cli {

/// One `--failed-out` file.
class FailedOut {
public:
  /// Nothing open.
  FailedOut() = default;
  FailedOut(const FailedOut&) = delete;
  FailedOut& operator=(const FailedOut&) = delete;
  /// Removes the temporary file unless commit() succeeded.
  ~FailedOut();

  /// Opens `path` for writing; an error message when it cannot be.
  std::string open(const std::string& path);
  /// True when open.
  bool
  is_open() const
  {
    return m_file != nullptr;
  }
  /// Appends one line (a newline is added).
  void write_line(std::string_view line);
  /// Flushes, syncs and renames the temporary file over the named one; an error message on
  /// failure (the named file is then left as it was).
  std::string commit();
  /// True when `path` names the same file as this one (same device and inode).
  bool same_file(const std::string& path) const;

private:
  std::FILE* m_file = nullptr;
  std::string m_target;    ///< the file replaced (a symlink resolved)
  std::string m_temporary; ///< empty when written in place
  unsigned long m_device = 0;
  unsigned long m_inode = 0;
  bool m_exists = false;
};

} // namespace cachectl::cli
