// An access log read and parsed on a thread of its own, a batch of lines ahead of the thread
// that replays it: on a machine with two cores, reading and parsing then cost no wall-clock time
// of the replay (`simulate` and `bench --log`).
#pragma once

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/util/line_reader.hpp>

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace cachectl {

/// One log line after parsing.
struct ParsedLine {
  /// What the line holds.
  enum class Kind {
    record,     ///< a request, in `record`
    skipped,    ///< blank, a comment, or a header line taken note of
    unparsable, ///< neither: `error` says why
  };
  Kind kind = Kind::skipped; ///< what the line holds
  std::size_t number = 0;    ///< 1-based line number
  /// The line as read (without its `\n`); valid as long as the record's views.
  std::string_view text;
  /// For Kind::record: views into the line and the parser's (or the batch's) storage, valid
  /// until the next line is parsed (parse_log_line) or the batch is handed back.
  AccessRecord record;
  std::string error; ///< for Kind::unparsable
};

/// Parses line `number` with `parser` into `out`: a skippable() line is taken note of (a bad
/// `#Fields:` line is unparsable), any other line parsed as a record.
void
parse_log_line(AccessLogParser& parser, std::string_view line, std::size_t number, ParsedLine& out);

/// How a read_parsed_log() ended.
struct ParsedLogEnd {
  std::string error;                       ///< the reader's error(); "" when the input ended
  LogFormat format = LogFormat::automatic; ///< the format the parser settled on
  bool stopped = false;                    ///< `consume` returned false
};

/// Lines handed to `consume` at a time (fewer at the end, or when they are long).
inline constexpr std::size_t parsed_log_batch_lines = 4096;

/// Reads `reader` to its end on a second thread, parsing each line with a parser of `format`,
/// and calls `consume` on the calling thread with the lines in order, a batch at a time. Memory
/// stays bounded: three batches of at most parsed_log_batch_lines lines and 1 MiB of text (or
/// one line, when longer). `consume` returning false stops the read after the line the worker
/// is reading; the worker is joined before this returns.
ParsedLogEnd read_parsed_log(LineReader& reader,
                             LogFormat format,
                             const std::function<bool(std::span<const ParsedLine>)>& consume);

} // namespace cachectl
