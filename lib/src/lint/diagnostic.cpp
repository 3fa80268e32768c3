// The renderers of diagnostics: compiler-style text, JSON, GitHub workflow commands and SARIF.
//
// A span without a file belongs to the file being reported on (FileDiagnostics::file), and a
// related span without a file to the file of its diagnostic.
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

namespace {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Positions and sources

// The file `span` refers to: its own, or `fallback` when it names none.
std::string_view
file_of(const SourceSpan& span, std::string_view fallback)
{
  return span.file.empty() ? fallback : std::string_view(span.file);
}

// `file:line:col` with unknown parts left out; a line and column without a file point nowhere,
// so they are left out too.
std::string
location(std::string_view file, const SourcePos& pos)
{
  std::string out(file);
  if (!file.empty() && pos.known()) {
    out += fmt::format(":{}", pos.line);
    if (pos.column != 0) {
      out += fmt::format(":{}", pos.column);
    }
  }
  return out;
}

// True when `span.end` is known and not before `span.begin`.
bool
has_end(const SourceSpan& span)
{
  const SourcePos& begin = span.begin;
  const SourcePos& end = span.end;
  return begin.known() && end.known() &&
         (end.line > begin.line ||
          (end.line == begin.line && (end.column == 0 || end.column >= begin.column)));
}

// The lines of the input files, looked up by file name (the first file of a name wins).
class Sources {
public:
  explicit Sources(std::span<const FileDiagnostics> files)
  {
    for (const FileDiagnostics& file : files) {
      if (file.text.empty() || m_files.contains(file.file)) {
        continue;
      }
      std::vector<std::size_t> starts{0};
      for (std::size_t i = 0; i < file.text.size(); ++i) {
        if (file.text[i] == '\n') {
          starts.push_back(i + 1);
        }
      }
      m_files.emplace(file.file, Text{file.text, std::move(starts)});
    }
  }

  // Line `line` (1-based) of `file` without its line break; nullopt when the text of the file is
  // not known or has no such line.
  std::optional<std::string_view>
  line(std::string_view file, std::uint32_t line) const
  {
    const auto it = m_files.find(file);
    if (it == m_files.end() || line == 0 || line > it->second.starts.size()) {
      return std::nullopt;
    }
    const Text& text = it->second;
    const std::size_t begin = text.starts[line - 1];
    const std::size_t end = line < text.starts.size() ? text.starts[line] - 1 : text.text.size();
    std::string_view out = text.text.substr(begin, end - begin);
    if (out.ends_with('\r')) {
      out.remove_suffix(1);
    }
    return out;
  }

private:
  struct Text {
    std::string_view text;
    std::vector<std::size_t> starts; ///< byte offset of each line
  };
  std::unordered_map<std::string_view, Text> m_files;
};

// The diagnostics of all files, each with the file it is reported in.
template <class F>
void
for_each_diagnostic(std::span<const FileDiagnostics> files, F f)
{
  for (const FileDiagnostics& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      f(diagnostic, file_of(diagnostic.span, file.file));
    }
  }
}

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

// Per-line data built once per rendering for every line it quotes or converts columns of (a
// `T` constructed from the line's text), looked up by the address of the line.
template <class T>
class LineCache {
public:
  // The `T` of `line`, a line of a file being reported on.
  const T&
  get(std::string_view line)
  {
    const Key key(line.data(), line.size());
    auto it = m_lines.find(key);
    if (it == m_lines.end()) {
      it = m_lines.emplace(key, std::make_unique<T>(line)).first;
    }
    return *it->second;
  }

private:
  using Key = std::pair<const char*, std::size_t>;

  // Hashes a line's address and size.
  struct Hash {
    std::size_t
    operator()(const Key& key) const
    {
      return std::hash<const char*>()(key.first) ^ (std::hash<std::size_t>()(key.second) << 1);
    }
  };

  std::unordered_map<Key, std::unique_ptr<T>, Hash> m_lines;
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
  if (out.empty()) {
    out = "no problems";
  }
  out += fmt::format(" in {} {}", files, files == 1 ? "file" : "files");
  return out;
}

DiagnosticCounts&
operator+=(DiagnosticCounts& total, const DiagnosticCounts& counts)
{
  total.errors += counts.errors;
  total.warnings += counts.warnings;
  total.notes += counts.notes;
  return total;
}

// ---------------------------------------------------------------------------------------------
// JSON documents

// Pretty-printed with a two-space indent and a trailing newline; invalid UTF-8 becomes U+FFFD.
std::string
dump(const Json& json)
{
  std::string out = json.dump(2, ' ', false, Json::error_handler_t::replace);
  out += '\n';
  return out;
}

// A 1-based number, or null when unknown (0).
Json
number_or_null(std::uint32_t n)
{
  return n == 0 ? Json(nullptr) : Json(n);
}

Json
string_or_null(std::string_view s)
{
  return s.empty() ? Json(nullptr) : Json(s);
}

Json
counts_json(const DiagnosticCounts& counts)
{
  Json out = Json::object();
  out["errors"] = counts.errors;
  out["warnings"] = counts.warnings;
  out["notes"] = counts.notes;
  return out;
}

Json
span_json(const SourceSpan& span, std::string_view file)
{
  Json out = Json::object();
  out["file"] = string_or_null(file);
  out["line"] = number_or_null(span.begin.line);
  out["column"] = number_or_null(span.begin.column);
  out["end_line"] = number_or_null(span.end.line);
  out["end_column"] = number_or_null(span.end.column);
  return out;
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands and SARIF

// The message with the suggestion appended.
std::string
message_with_suggestion(const Diagnostic& diagnostic)
{
  if (diagnostic.suggestion.empty()) {
    return diagnostic.message;
  }
  return fmt::format("{} (suggestion: {})", diagnostic.message, diagnostic.suggestion);
}

// Escapes the data of a workflow command as @actions/core's escapeData does.
std::string
escape_data(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// Escapes a property value of a workflow command as @actions/core's escapeProperty does.
std::string
escape_property(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
    case ':':
      out += "%3A";
      break;
    case ',':
      out += "%2C";
      break;
    default:
      out += escape_data(std::string_view(&c, 1));
    }
  }
  return out;
}

std::string_view
github_command(Severity severity)
{
  switch (severity) {
  case Severity::error:
    return "error";
  case Severity::warning:
    return "warning";
  case Severity::note:
    return "notice";
  }
  std::unreachable();
}

// `unknown-key` → `UnknownKey`.
std::string
pascal_case(std::string_view code)
{
  std::string out;
  bool upper = true;
  for (const char c : code) {
    if (c == '-' || c == '_') {
      upper = true;
    } else {
      out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

// A file path as a URI reference: bytes other than unreserved characters and `/` are
// percent-encoded; an absolute path becomes a file: URI.
std::string
file_uri(std::string_view path)
{
  std::string out = path.starts_with('/') ? "file://" : "";
  for (const char c : path) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

// The UTF-16 code units before a byte, given those before the byte before it and that byte (a
// four-byte sequence is a surrogate pair).
std::size_t
advance_utf16(std::size_t units, char c)
{
  if (is_continuation(c)) {
    return units;
  }
  return units + ((static_cast<unsigned char>(c) & 0xF8) == 0xF0 ? 2 : 1);
}

// The UTF-16 columns of a line, from checkpoints.
class Utf16Line {
public:
  // Indexes `line`, which must outlive the index.
  explicit Utf16Line(std::string_view line)
      : m_size(line.size())
      , m_units(line, &advance_utf16)
  {
  }

  // The 1-based UTF-16 column of the 1-based byte column `byte_column` (counting on past the end
  // of the line).
  std::size_t
  column(std::uint32_t byte_column) const
  {
    const std::size_t bytes = std::min<std::size_t>(byte_column - 1, m_size);
    return m_units.before(bytes) + 1 + (byte_column - 1 - bytes);
  }

private:
  std::size_t m_size;
  FoldIndex m_units;
};

// The UTF-16 columns of the lines of the input files.
class Utf16Columns {
public:
  // Converts columns of the lines of `sources`, indexing each line on first use.
  explicit Utf16Columns(const Sources& sources)
      : m_sources(sources)
  {
  }

  // The 1-based UTF-16 column of `pos` in `file` (its byte column when the line is not known).
  std::size_t
  column(std::string_view file, const SourcePos& pos)
  {
    const std::optional<std::string_view> line = m_sources.line(file, pos.line);
    return line ? m_lines.get(*line).column(pos.column) : pos.column;
  }

private:
  const Sources& m_sources;
  LineCache<Utf16Line> m_lines;
};

// The files of a SARIF run: the input files, then other files related spans name.
class Artifacts {
public:
  std::size_t
  add(std::string_view file)
  {
    const auto [it, added] = m_index.emplace(file, m_files.size());
    if (added) {
      m_files.emplace_back(file);
    }
    return it->second;
  }

  std::size_t
  index(std::string_view file) const
  {
    return m_index.at(std::string(file));
  }

  const std::vector<std::string>&
  files() const
  {
    return m_files;
  }

private:
  std::vector<std::string> m_files;
  std::unordered_map<std::string, std::size_t> m_index;
};

Json
artifact_location(std::string_view file, const Artifacts& artifacts, bool with_index)
{
  Json out = Json::object();
  out["uri"] = file_uri(file);
  if (!file.starts_with('/')) {
    out["uriBaseId"] = "%SRCROOT%";
  }
  if (with_index) {
    out["index"] = artifacts.index(file);
  }
  return out;
}

// A SARIF location of `span` in `file` (not empty); without a region when the line is unknown.
// Columns are converted from bytes to UTF-16 code units (run.columnKind) using the file's text
// when it is known; endColumn is exclusive in both.
Json
location_json(const SourceSpan& span,
              std::string_view file,
              Utf16Columns& columns,
              const Artifacts& artifacts)
{
  Json physical = Json::object();
  physical["artifactLocation"] = artifact_location(file, artifacts, true);
  if (span.begin.known()) {
    Json region = Json::object();
    region["startLine"] = span.begin.line;
    if (span.begin.column != 0) {
      region["startColumn"] = columns.column(file, span.begin);
    }
    if (has_end(span)) {
      region["endLine"] = span.end.line;
      if (span.end.column != 0) {
        region["endColumn"] = columns.column(file, span.end);
      }
    }
    physical["region"] = std::move(region);
  }
  Json out = Json::object();
  out["physicalLocation"] = std::move(physical);
  return out;
}

// The rules of a SARIF run: the catalogue entries of the codes used, in catalogue order, then
// codes missing from the catalogue in order of appearance.
class Rules {
public:
  explicit Rules(std::span<const FileDiagnostics> files)
  {
    const std::span<const DiagnosticCode> catalogue = diagnostic_codes();
    std::vector<bool> used(catalogue.size(), false);
    std::vector<const Diagnostic*> unknown;
    for_each_diagnostic(files, [&](const Diagnostic& diagnostic, std::string_view) {
      const DiagnosticCode* entry = find_diagnostic_code(diagnostic.code);
      if (entry != nullptr) {
        used[static_cast<std::size_t>(entry - catalogue.data())] = true;
      } else if (std::none_of(unknown.begin(), unknown.end(), [&](const Diagnostic* d) {
                   return d->code == diagnostic.code;
                 })) {
        unknown.push_back(&diagnostic);
      }
    });
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
      if (used[i]) {
        add(catalogue[i]);
      }
    }
    for (const Diagnostic* diagnostic : unknown) {
      add(DiagnosticCode{diagnostic->code,
                         diagnostic->severity,
                         diagnostic->code,
                         "See cachectl-validate(1) for the diagnostic codes."});
    }
  }

  std::size_t
  index(std::string_view code) const
  {
    return m_index.at(std::string(code));
  }

  const Json&
  json() const
  {
    return m_json;
  }

private:
  void
  add(const DiagnosticCode& code)
  {
    m_index.emplace(code.code, m_json.size());
    Json rule = Json::object();
    rule["id"] = code.code;
    rule["name"] = pascal_case(code.code);
    rule["shortDescription"] = {{"text", code.summary}};
    rule["fullDescription"] = {{"text", code.summary}};
    rule["help"] = {{"text", code.help}};
    rule["defaultConfiguration"] = {{"level", to_string(code.severity)}};
    m_json.push_back(std::move(rule));
  }

  Json m_json = Json::array();
  std::unordered_map<std::string, std::size_t> m_index;
};

} // namespace

std::string_view
to_string(Severity severity)
{
  switch (severity) {
  case Severity::error:
    return "error";
  case Severity::warning:
    return "warning";
  case Severity::note:
    return "note";
  }
  std::unreachable();
}

std::string
format_short(const Diagnostic& diagnostic)
{
  std::string out = escape_unsafe(location(diagnostic.span.file, diagnostic.span.begin));
  if (!out.empty()) {
    out += ": ";
  }
  out += to_string(diagnostic.severity);
  out += ": ";
  out += escape_unsafe(diagnostic.message);
  return out;
}

DiagnosticCounts
count(std::span<const Diagnostic> diagnostics)
{
  DiagnosticCounts out;
  for (const Diagnostic& diagnostic : diagnostics) {
    switch (diagnostic.severity) {
    case Severity::error:
      ++out.errors;
      break;
    case Severity::warning:
      ++out.warnings;
      break;
    case Severity::note:
      ++out.notes;
      break;
    }
  }
  return out;
}

std::string
render_text(std::span<const FileDiagnostics> files, const RenderOptions& options)
{
  const Sources sources(files);
  LineCache<DisplayLine> quoted;
  std::string out;
  DiagnosticCounts total;
  for (const FileDiagnostics& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      render_diagnostic(
          out, options.color, sources, quoted, diagnostic, file_of(diagnostic.span, file.file));
    }
    total += count(file.diagnostics);
  }
  out += summary(total, files.size());
  out += '\n';
  return out;
}

std::string
render_json(std::span<const FileDiagnostics> files, const RenderOptions& /*options*/)
{
  Json file_list = Json::array();
  DiagnosticCounts total;
  for (const FileDiagnostics& file : files) {
    Json diagnostics = Json::array();
    for (const Diagnostic& diagnostic : file.diagnostics) {
      const std::string_view diagnostic_file = file_of(diagnostic.span, file.file);
      Json related = Json::array();
      for (const RelatedSpan& span : diagnostic.related) {
        Json entry = Json::object();
        entry["message"] = span.message;
        entry["span"] = span_json(span.span, file_of(span.span, diagnostic_file));
        related.push_back(std::move(entry));
      }
      Json entry = Json::object();
      entry["severity"] = to_string(diagnostic.severity);
      entry["code"] = diagnostic.code;
      entry["message"] = diagnostic.message;
      entry["span"] = span_json(diagnostic.span, diagnostic_file);
      entry["related"] = std::move(related);
      entry["suggestion"] = string_or_null(diagnostic.suggestion);
      diagnostics.push_back(std::move(entry));
    }
    const DiagnosticCounts counts = count(file.diagnostics);
    total += counts;
    Json entry = Json::object();
    entry["file"] = string_or_null(file.file);
    entry["diagnostics"] = std::move(diagnostics);
    entry["counts"] = counts_json(counts);
    file_list.push_back(std::move(entry));
  }
  Json counts = counts_json(total);
  counts["files"] = files.size();
  Json out = Json::object();
  out["version"] = 1;
  out["files"] = std::move(file_list);
  out["counts"] = std::move(counts);
  return dump(out);
}

std::string
render_github(std::span<const FileDiagnostics> files, const RenderOptions& /*options*/)
{
  std::string out;
  for_each_diagnostic(files, [&](const Diagnostic& diagnostic, std::string_view file) {
    const SourceSpan& span = diagnostic.span;
    std::vector<std::string> properties;
    const auto add = [&](std::string_view name, std::string_view value) {
      properties.push_back(fmt::format("{}={}", name, escape_property(value)));
    };
    if (!file.empty()) {
      add("file", file);
    }
    if (span.begin.known()) {
      // GitHub takes columns only for annotations on one line.
      const bool one_line = !has_end(span) || span.end.line == span.begin.line;
      add("line", fmt::format("{}", span.begin.line));
      if (span.begin.column != 0 && one_line) {
        add("col", fmt::format("{}", span.begin.column));
      }
      if (has_end(span)) {
        add("endLine", fmt::format("{}", span.end.line));
        if (span.begin.column != 0 && span.end.column != 0 && one_line) {
          add("endColumn", fmt::format("{}", span.end.column));
        }
      }
    }
    add("title",
        diagnostic.code.empty() ? "cachectl" : fmt::format("cachectl {}", diagnostic.code));

    std::string message = message_with_suggestion(diagnostic);
    for (const RelatedSpan& related : diagnostic.related) {
      const std::string loc = location(file_of(related.span, file), related.span.begin);
      message += loc.empty() ? fmt::format(" \u2014 see {}", related.message)
                             : fmt::format(" \u2014 see {}: {}", loc, related.message);
    }

    out += "::";
    out += github_command(diagnostic.severity);
    for (std::size_t i = 0; i < properties.size(); ++i) {
      out += i == 0 ? ' ' : ',';
      out += properties[i];
    }
    out += "::";
    out += escape_data(message);
    out += '\n';
  });
  return out;
}

// Columns: diagnostics count bytes (1-based); SARIF's run.columnKind is set to utf16CodeUnits
// (what GitHub code scanning assumes), so columns are converted to 1-based UTF-16 code units
// using the text of the file when it is known, and kept as byte columns otherwise.
std::string
render_sarif(std::span<const FileDiagnostics> files, const RenderOptions& options)
{
  const Sources sources(files);
  Utf16Columns columns(sources);
  const Rules rules(files);

  Artifacts artifacts;
  for (const FileDiagnostics& file : files) {
    if (!file.file.empty()) {
      artifacts.add(file.file);
    }
  }
  for_each_diagnostic(files, [&](const Diagnostic& diagnostic, std::string_view file) {
    if (!file.empty()) {
      artifacts.add(file);
    }
    for (const RelatedSpan& related : diagnostic.related) {
      if (const std::string_view related_file = file_of(related.span, file);
          !related_file.empty()) {
        artifacts.add(related_file);
      }
    }
  });

  Json results = Json::array();
  for_each_diagnostic(files, [&](const Diagnostic& diagnostic, std::string_view file) {
    Json result = Json::object();
    result["ruleId"] = diagnostic.code;
    result["ruleIndex"] = rules.index(diagnostic.code);
    result["level"] = to_string(diagnostic.severity);
    result["message"] = {{"text", message_with_suggestion(diagnostic)}};
    if (!file.empty()) {
      result["locations"] = Json::array({location_json(diagnostic.span, file, columns, artifacts)});
    }
    if (!diagnostic.related.empty()) {
      Json related_locations = Json::array();
      for (std::size_t i = 0; i < diagnostic.related.size(); ++i) {
        const RelatedSpan& related = diagnostic.related[i];
        const std::string_view related_file = file_of(related.span, file);
        Json entry = Json::object();
        entry["id"] = i + 1;
        if (!related_file.empty()) {
          entry["physicalLocation"] =
              location_json(related.span, related_file, columns, artifacts)["physicalLocation"];
        }
        entry["message"] = {{"text", related.message}};
        related_locations.push_back(std::move(entry));
      }
      result["relatedLocations"] = std::move(related_locations);
    }
    results.push_back(std::move(result));
  });

  Json artifact_list = Json::array();
  for (const std::string& file : artifacts.files()) {
    artifact_list.push_back({{"location", artifact_location(file, artifacts, false)}});
  }

  Json driver = Json::object();
  driver["name"] = "cachectl";
  driver["informationUri"] = "https://github.com/cachectl/cachectl";
  driver["version"] = options.tool_version;
  driver["rules"] = rules.json();

  Json run = Json::object();
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "utf16CodeUnits";
  run["artifacts"] = std::move(artifact_list);
  run["results"] = std::move(results);

  Json out = Json::object();
  out["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  out["version"] = "2.1.0";
  out["runs"] = Json::array({std::move(run)});
  return dump(out);
}

} // namespace cachectl
