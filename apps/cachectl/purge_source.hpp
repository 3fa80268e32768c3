// The targets of `cachectl purge`: the command line's, then each --from file line by line.
#pragma once

#include "purge_options.hpp"

#include <cachectl/purge/purge.hpp>
#include <cachectl/util/line_reader.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cachectl::cli {

/// The command-line targets, then each --from file line by line (never read whole).
class CommandLineSource final : public TargetSource {
public:
  /// A source over the targets of `opts`.
  explicit CommandLineSource(const PurgeOptions& opts);

  /// The next target or refused line; nullopt at the end or after a read error.
  std::optional<SourceItem> next() override;

  /// Why the input ended early (a read error), or empty.
  const std::string&
  read_error() const
  {
    return m_read_error;
  }

private:
  const PurgeOptions& m_opts;
  std::string m_read_error;
  std::vector<SourceItem> m_given;
  std::size_t m_next_given = 0;
  std::size_t m_next_file = 0;
  std::optional<LineReader> m_reader;
  std::string m_name;     // "stdin" or the path, for "FILE:LINE"
  std::size_t m_line = 0; // the last line read
};

} // namespace cachectl::cli
