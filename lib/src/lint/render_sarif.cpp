// The SARIF 2.1.0 renderer of diagnostics (GitHub code scanning).
#include "lint/render_support.hpp"
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

namespace cachectl {

using namespace render_detail;

namespace {

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
    if (!diagnostic.suppressed.empty()) {
      // SARIF 2.1.0 3.27.23 / 3.35: the allow is written in the analysed file itself.
      result["suppressions"] = Json::array({{{"kind", "inSource"},
                                             {"status", "accepted"},
                                             {"justification", diagnostic.suppressed}}});
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
