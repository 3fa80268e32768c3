// The text renderer of diagnostics: compiler-style, with quoted source lines and carets.
#include "lint/render_support.hpp"
#include "util/fold_index.hpp"
#include "util/secret.hpp"

#include <cachectl/lint/diagnostic.hpp>
#include <cachectl/util/unsafe_text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cachectl {

using namespace render_detail;

namespace {

// ---------------------------------------------------------------------------------------------
// Text

constexpr std::string_view style_bold = "\x1b[1m";
constexpr std::string_view style_red = "\x1b[1;31m";
constexpr std::string_view style_yellow = "\x1b[1;33m";
constexpr std::string_view style_cyan = "\x1b[1;36m";
constexpr std::string_view style_blue = "\x1b[1;34m";
constexpr std::string_view style_reset = "\x1b[0m";

// Tabs in quoted source lines advance to the next multiple of this many columns.
constexpr std::size_t tab_width = 4;
// Quoted source lines wider than this many columns are cut around the span.
constexpr std::size_t max_line_width = 120;
// How many columns before the span a cut line keeps.
constexpr std::size_t context_width = 20;
constexpr std::string_view ellipsis = "...";
// Shown for control, bidi and invisible characters in quoted source lines (U+FFFD).
constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Appends `text`, in `style` when `color` is set.
void
paint(std::string& out, bool color, std::string_view style, std::string_view text)
{
  if (color && !text.empty()) {
    out += style;
    out += text;
    out += style_reset;
  } else {
    out += text;
  }
}

std::string_view
severity_style(Severity severity)
{
  switch (severity) {
  case Severity::error:
    return style_red;
  case Severity::warning:
    return style_yellow;
  case Severity::note:
    return style_cyan;
  }
  std::unreachable();
}

// The display cells before a byte, given the cells before the byte before it and that byte: a tab
// advances to the next multiple of `tab_width`, a UTF-8 continuation byte belongs to the cell
// before it, any other byte takes a cell (a control character is shown as U+FFFD).
std::size_t
advance_cells(std::size_t cells, char c)
{
  if (c == '\t') {
    return (cells / tab_width + 1) * tab_width;
  }
  return is_continuation(c) && cells > 0 ? cells : cells + 1;
}

// A source line as displayed (secrets masked), with the display column of each byte and the text
// of any range of display columns computed from checkpoints: work per quoted span is bounded by
// the window shown, not by the length of the line.
class DisplayLine {
public:
  // Quoted lines never show a secret: values that look like one are masked byte for byte, so the
  // carets still line up.
  explicit DisplayLine(std::string_view source)
      : m_text(mask_secrets(source))
      , m_cells(m_text, &advance_cells)
  {
  }
  // The index points into the text: not copied or moved.
  DisplayLine(const DisplayLine&) = delete;
  DisplayLine& operator=(const DisplayLine&) = delete;

  // The number of display columns of the line.
  std::size_t
  width() const
  {
    return m_cells.total();
  }

  // The 0-based display column of the 1-based byte column `byte_column` (counting on past the end
  // of the line).
  std::size_t
  column(std::uint32_t byte_column) const
  {
    const std::size_t index = byte_column - 1;
    if (index >= m_text.size()) {
      return width() + (index - m_text.size());
    }
    const std::size_t cells = m_cells.before(index);
    return is_continuation(m_text[index]) && cells > 0 ? cells - 1 : cells;
  }

  // The text of display columns [first, last): each character whose cell is inside, the spaces
  // of a tab that are inside.
  std::string
  cells(std::size_t first, std::size_t last) const
  {
    std::string out;
    std::size_t index = m_cells.start_for(first);
    std::size_t cells = m_cells.before(index);
    std::size_t pending = 0; // continuation bytes still to come of the current character
    bool raw = false;        // whether they are shown as they are (else the character is U+FFFD)
    for (; index < m_text.size(); ++index) {
      const char c = m_text[index];
      const std::size_t next = advance_cells(cells, c);
      // A continuation byte is part of the cell before it (a tab always advances).
      const bool continuation = next == cells;
      if (!continuation && cells >= last) {
        break;
      }
      if (c == '\t') {
        const std::size_t from = std::max(cells, first);
        const std::size_t to = std::min(next, last);
        out.append(to > from ? to - from : 0, ' ');
        pending = 0;
      } else if (continuation) {
        // A stray continuation byte (not part of a valid character) is dropped: it has no cell.
        if (pending > 0) {
          --pending;
          if (raw && cells - 1 >= first && cells - 1 < last) {
            out += c;
          }
        }
      } else {
        // Controls (C0, DEL, C1 such as the 8-bit CSI), bidi overrides, invisible characters and
        // bytes that are not UTF-8 take their one cell as U+FFFD: a quoted line can neither
        // drive the terminal nor reorder what is shown.
        const CodePoint code = decode_utf8(m_text, index);
        raw = code.length != 0 && !unsafe_code_point(code.value);
        pending = code.length == 0 ? 0 : code.length - 1;
        if (cells >= first) {
          out += raw ? std::string_view(&c, 1) : replacement_character;
        }
      }
      cells = next;
    }
    return out;
  }

private:
  std::string m_text;
  FoldIndex m_cells;
};

// A quoted source line and its underline.
struct Excerpt {
  std::string text;   ///< the line as shown (tabs expanded, maybe cut with "...")
  std::size_t indent; ///< display columns before the first ^
  std::size_t carets; ///< how many ^ (at least one)
};

// The line of `span` (its text `source`) as shown, with the underline of the span: from the begin
// column to just before the end column, or to the end of the line when the end is unknown or on
// another line.
Excerpt
excerpt(const DisplayLine& line, const SourceSpan& span)
{
  const std::size_t width = line.width();
  const std::size_t start = span.begin.column == 0 ? 0 : line.column(span.begin.column);
  std::size_t stop = width;
  if (span.end.line == span.begin.line && span.end.column != 0) {
    stop = line.column(span.end.column);
  }
  stop = std::max(stop, start + 1);

  // The window [first, last) of display columns shown, with "..." where the line is cut.
  std::size_t first = 0;
  std::size_t last = width;
  bool cut_head = false;
  bool cut_tail = false;
  if (width > max_line_width) {
    const std::size_t total = std::max(width, stop);
    if (stop > max_line_width - ellipsis.size()) {
      first = start > context_width ? start - context_width : 0;
    }
    cut_head = first > 0;
    const std::size_t room = max_line_width - (cut_head ? ellipsis.size() : 0);
    if (first + room >= total) {
      // The rest of the line fits: show as much of it as possible.
      if (cut_head) {
        first = total - (max_line_width - ellipsis.size());
      }
      last = total;
    } else {
      cut_tail = true;
      last = first + room - ellipsis.size();
    }
  }

  Excerpt out;
  if (cut_head) {
    out.text += ellipsis;
  }
  out.text += line.cells(first, std::min(last, width));
  if (cut_tail) {
    out.text += ellipsis;
  }
  const std::size_t from = std::max(start, first);
  const std::size_t to = std::min(stop, last);
  out.indent = (cut_head ? ellipsis.size() : 0) + (from - first);
  out.carets = to > from ? to - from : 1;
  return out;
}

// `loc: label: message` (the location left out when empty).
void
render_header(std::string& out,
              bool color,
              std::string_view loc,
              Severity severity,
              std::string_view label,
              std::string_view message)
{
  // Messages quote keys and values of the file: never a control or bidi character raw.
  if (!loc.empty()) {
    paint(out, color, style_bold, fmt::format("{}: ", escape_unsafe(loc)));
  }
  paint(out, color, severity_style(severity), fmt::format("{}:", label));
  out += ' ';
  paint(out, color, style_bold, escape_unsafe(message));
  out += '\n';
}

// The quoted line of `span` with its gutter (`gutter` columns wide) and underline, and
// ` help: `suggestion`` after the carets when `suggestion` is not empty.
void
render_excerpt(std::string& out,
               bool color,
               std::size_t gutter,
               const DisplayLine& source,
               const SourceSpan& span,
               std::string_view suggestion)
{
  const Excerpt shown = excerpt(source, span);
  const std::string margin(gutter, ' ');
  paint(out, color, style_blue, fmt::format("{} |", margin));
  out += '\n';
  paint(out, color, style_blue, fmt::format("{:>{}} |", span.begin.line, gutter));
  if (!shown.text.empty()) {
    out += ' ';
    out += shown.text;
  }
  out += '\n';
  paint(out,
        color,
        style_blue,
        fmt::format(
            "{} | {}{}", margin, std::string(shown.indent, ' '), std::string(shown.carets, '^')));
  if (!suggestion.empty()) {
    out += fmt::format(" help: `{}`", escape_unsafe(suggestion));
  }
  out += '\n';
}

// How many decimal digits `n` has.
std::size_t
digits(std::uint32_t n)
{
  return fmt::formatted_size("{}", n);
}

// The header of `diagnostic` (reported in `file`), its quoted line, and a note with its own quoted
// line per related span.
void
render_diagnostic(std::string& out,
                  bool color,
                  const Sources& sources,
                  LineCache<DisplayLine>& quoted,
                  const Diagnostic& diagnostic,
                  std::string_view file)
{
  const auto source_of = [&](const SourceSpan& span, std::string_view span_file) {
    return span.begin.known() ? sources.line(span_file, span.begin.line) : std::nullopt;
  };
  // A line that holds (or may hold) a secret is never quoted: a literal secret, or a `token_env`
  // whose value is not a variable name and so may be the token itself.
  const bool redact = diagnostic.code == "literal-secret" || diagnostic.code == "invalid-env-name";
  // The gutter is as wide as the largest line number shown with this diagnostic.
  const std::optional<std::string_view> source =
      redact ? std::nullopt : source_of(diagnostic.span, file);
  std::size_t gutter = source ? digits(diagnostic.span.begin.line) : 0;
  std::vector<std::optional<std::string_view>> related_sources;
  for (const RelatedSpan& related : diagnostic.related) {
    related_sources.push_back(source_of(related.span, file_of(related.span, file)));
    if (related_sources.back()) {
      gutter = std::max(gutter, digits(related.span.begin.line));
    }
  }

  const std::string label =
      diagnostic.code.empty()
          ? std::string(to_string(diagnostic.severity))
          : fmt::format("{}[{}]", to_string(diagnostic.severity), diagnostic.code);
  render_header(out,
                color,
                location(file, diagnostic.span.begin),
                diagnostic.severity,
                label,
                diagnostic.message);
  if (source) {
    render_excerpt(out, color, gutter, quoted.get(*source), diagnostic.span, diagnostic.suggestion);
  } else if (!diagnostic.suggestion.empty()) {
    paint(out,
          color,
          style_blue,
          fmt::format("{}=", std::string(std::max(gutter, std::size_t{1}) + 1, ' ')));
    out += fmt::format(" help: `{}`\n", escape_unsafe(diagnostic.suggestion));
  }
  for (std::size_t i = 0; i < diagnostic.related.size(); ++i) {
    const RelatedSpan& related = diagnostic.related[i];
    render_header(out,
                  color,
                  location(file_of(related.span, file), related.span.begin),
                  Severity::note,
                  to_string(Severity::note),
                  related.message);
    if (related_sources[i]) {
      render_excerpt(out, color, gutter, quoted.get(*related_sources[i]), related.span, {});
    }
  }
}

// `2 errors, 1 note in 3 files`, or `no problems in 1 file`.
std::string
summary(const DiagnosticCounts& counts, std::size_t files)
{
  std::string out;
  const auto add = [&](std::size_t n, std::string_view one, std::string_view many) {
    if (n == 0) {
      return;
    }
    if (!out.empty()) {
      out += ", ";
    }
    out += fmt::format("{} {}", n, n == 1 ? one : many);
  };
  add(counts.errors, "error", "errors");
  add(counts.warnings, "warning", "warnings");
  add(counts.notes, "note", "notes");
  add(counts.suppressed, "suppressed", "suppressed");
  if (out.empty()) {
    out = "no problems";
  }
  out += fmt::format(" in {} {}", files, files == 1 ? "file" : "files");
  return out;
}

} // namespace

std::string
render_text(std::span<const FileDiagnostics> files, const RenderOptions& options)
{
  const Sources sources(files);
  LineCache<DisplayLine> quoted;
  std::string out;
  DiagnosticCounts total;
  for (const FileDiagnostics& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      if (!diagnostic.suppressed.empty()) {
        continue; // allowed on purpose: counted in the summary only
      }
      render_diagnostic(
          out, options.color, sources, quoted, diagnostic, file_of(diagnostic.span, file.file));
    }
    total += count(file.diagnostics);
  }
  out += summary(total, files.size());
  out += '\n';
  return out;
}

} // namespace cachectl
