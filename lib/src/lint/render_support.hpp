// What the renderers of diagnostics share: positions, the source lines of the input files, a
// per-line cache, and the JSON helpers of the JSON and SARIF documents.
//
// A span without a file belongs to the file being reported on (FileDiagnostics::file), and a
// related span without a file to the file of its diagnostic.
#pragma once

#include "util/fold_index.hpp"
#include "util/secret.hpp"

#include <cachectl/lint/diagnostic.hpp>

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

namespace cachectl::render_detail {

using Json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------------
// Positions and sources

// The file `span` refers to: its own, or `fallback` when it names none.
inline std::string_view
file_of(const SourceSpan& span, std::string_view fallback)
{
  return span.file.empty() ? fallback : std::string_view(span.file);
}

// `file:line:col` with unknown parts left out; a line and column without a file point nowhere,
// so they are left out too.
inline std::string
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
inline bool
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
inline void
for_each_diagnostic(std::span<const FileDiagnostics> files, F f)
{
  for (const FileDiagnostics& file : files) {
    for (const Diagnostic& diagnostic : file.diagnostics) {
      f(diagnostic, file_of(diagnostic.span, file.file));
    }
  }
}

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

inline DiagnosticCounts&
operator+=(DiagnosticCounts& total, const DiagnosticCounts& counts)
{
  total.errors += counts.errors;
  total.warnings += counts.warnings;
  total.notes += counts.notes;
  total.suppressed += counts.suppressed;
  return total;
}

// ---------------------------------------------------------------------------------------------
// JSON documents

// Pretty-printed with a two-space indent and a trailing newline; invalid UTF-8 becomes U+FFFD.
inline std::string
dump(const Json& json)
{
  std::string out = json.dump(2, ' ', false, Json::error_handler_t::replace);
  out += '\n';
  return out;
}

// A 1-based number, or null when unknown (0).
inline Json
number_or_null(std::uint32_t n)
{
  return n == 0 ? Json(nullptr) : Json(n);
}

inline Json
string_or_null(std::string_view s)
{
  return s.empty() ? Json(nullptr) : Json(s);
}

inline Json
counts_json(const DiagnosticCounts& counts)
{
  Json out = Json::object();
  out["errors"] = counts.errors;
  out["warnings"] = counts.warnings;
  out["notes"] = counts.notes;
  out["suppressed"] = counts.suppressed;
  return out;
}

inline Json
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

// The message with the suggestion appended.
inline std::string
message_with_suggestion(const Diagnostic& diagnostic)
{
  if (diagnostic.suggestion.empty()) {
    return diagnostic.message;
  }
  return fmt::format("{} (suggestion: {})", diagnostic.message, diagnostic.suggestion);
}

} // namespace cachectl::render_detail
