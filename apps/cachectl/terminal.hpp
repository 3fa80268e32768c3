// Output streams with optional color, decided once per stream.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace cachectl::cli {

/// The --color setting.
enum class ColorMode { automatic, always, never };

/// ANSI styles used by the renderers.
enum class Style { bold, dim, red, green, yellow, cyan };

/// A stdio stream plus the decision whether to color it.
class Terminal {
public:
  /// Decides color for `stream`: --color always/never win; auto colors only a terminal with
  /// NO_COLOR unset or empty and TERM not "dumb" (https://no-color.org).
  Terminal(std::FILE* stream, ColorMode mode);

  /// `text` wrapped in the style's escape codes when coloring, else unchanged.
  std::string paint(Style style, std::string_view text) const;
  /// Appends paint(style, text) to `out` (without a temporary when not coloring).
  void append_painted(std::string& out, Style style, std::string_view text) const;
  /// Writes `text` as is (a failure on stdout is remembered for finish_output()).
  void write(std::string_view text) const;
  /// Flushes the stream (a failure on stdout is remembered for finish_output()).
  void flush() const;
  /// True when escape codes are emitted.
  bool
  colored() const
  {
    return m_color;
  }
  /// The underlying stream.
  std::FILE*
  stream() const
  {
    return m_stream;
  }

private:
  std::FILE* m_stream;
  bool m_color;
};

/// `text` safe to print on a terminal: C0 controls, DEL and bytes that are not valid UTF-8
/// become `\xNN`; C1 controls (the 8-bit CSI U+009B), bidi overrides and isolates and other
/// invisible code points become `\u{202E}`, so input echoed from logs can neither inject
/// escape sequences nor reorder or hide what is shown.
std::string printable(std::string_view text);

/// Appends printable(text) to `out` (printable ASCII, the common case, without a copy).
void append_printable(std::string& out, std::string_view text);

/// Prints `cachectl: error: <message>` on `err`.
void print_error(const Terminal& err, std::string_view message);

/// True once a write to standard output has failed (disk full, closed pipe): a command that
/// streams stops reading input.
bool output_failed();

/// Makes SIGPIPE end the process quietly, as it does other Unix filters (`| head`), even when
/// the parent ignored it. Called once at startup.
void default_sigpipe();

/// Flushes standard output and returns `status`, or, when some output could not be written,
/// prints why on stderr and returns the I/O exit status (on a closed pipe: ends quietly by
/// SIGPIPE, as a write to it would have).
int finish_output(int status);

} // namespace cachectl::cli
