// Diagnostics: what is wrong (or suspicious) in an input, where, and how to fix it.
// The library produces them; renderers turn them into text, JSON, GitHub annotations or SARIF.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A 1-based line and column (columns count bytes) in a source file; 0 means "unknown".
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

/// A range of a file: `end` is the position just past the last character (on the same line as
/// `begin` for a one-line span); equal to `begin` when only a point is known.
struct SourceSpan {
  std::string file; ///< may be empty (e.g. a URL from the command line)
  SourcePos begin;
  SourcePos end;

  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

/// How bad a diagnostic is.
enum class Severity { error, warning, note };

/// The lowercase name of a severity: "error", "warning" or "note".
std::string_view to_string(Severity severity);

/// A secondary location, e.g. "first defined here".
struct RelatedSpan {
  SourceSpan span;
  std::string message;

  friend bool operator==(const RelatedSpan&, const RelatedSpan&) = default;
};

/// One problem: a stable code, a message, where, related places, and an optional fix.
struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;    ///< stable, kebab-case, listed in diagnostic_codes()
  std::string message; ///< one sentence, no trailing period
  SourceSpan span;
  std::vector<RelatedSpan> related;
  std::string suggestion; ///< replacement text for the span (e.g. a key name); may be empty
  /// Why the diagnostic is suppressed on purpose (the `allow` that names its code, where); empty
  /// when it is not. Suppressed diagnostics are reported as such, never as warnings or notes.
  std::string suppressed = {};

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// A value, or the diagnostics (at least one an error) that prevented it.
template <class T>
using Result = std::expected<T, std::vector<Diagnostic>>;

/// One entry of the catalogue of diagnostic codes.
struct DiagnosticCode {
  std::string_view code;
  Severity severity;        ///< the severity diagnostics of this code have
  std::string_view summary; ///< one line (SARIF shortDescription, man page)
  std::string_view help;    ///< what to do about it (SARIF help, man page)
};

/// Every code cachectl can emit, in documentation order.
std::span<const DiagnosticCode> diagnostic_codes();

/// The catalogue entry of `code`; null if unknown.
const DiagnosticCode* find_diagnostic_code(std::string_view code);

/// `file:line:col: severity: message` on one line (unknown parts left out) — the short form
/// used where a command cannot go on (e.g. `match` with a broken config).
std::string format_short(const Diagnostic& diagnostic);

/// Counts per severity.
struct DiagnosticCounts {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
  std::size_t suppressed = 0; ///< counted here only, not under their severity
};

/// Counts `diagnostics` by severity; suppressed ones only as `suppressed`.
DiagnosticCounts count(std::span<const Diagnostic> diagnostics);

/// The diagnostics of one input file, with its text (renderers quote source lines from it).
struct FileDiagnostics {
  std::string file;
  std::string text; ///< the file's content; may be empty when it could not be read
  std::vector<Diagnostic> diagnostics;
};

/// Options of the renderers.
struct RenderOptions {
  bool color = false;               ///< ANSI colors (text renderer only)
  std::string tool_version = "0.0"; ///< for SARIF `tool.driver.version`
};

/// Human-readable text: `file:line:col: error[code]: message`, the source line, a caret
/// underline of the span, related spans as notes, the suggestion as `help:`; then a summary
/// (suppressed diagnostics are not shown, only counted in it).
std::string render_text(std::span<const FileDiagnostics> files, const RenderOptions& options);

/// One JSON document: `{"version":1,"files":[…],"counts":{…}}` (see cachectl-validate(1)); a
/// suppressed diagnostic is listed with `"suppressed": "<why>"` (null when it is not).
std::string render_json(std::span<const FileDiagnostics> files, const RenderOptions& options);

/// GitHub Actions workflow commands, one `::error file=…,line=…,col=…,endColumn=…,title=…::msg`
/// line per diagnostic (warning → `::warning`, note → `::notice`), with GitHub's escaping;
/// suppressed diagnostics get no annotation.
std::string render_github(std::span<const FileDiagnostics> files, const RenderOptions& options);

/// A SARIF 2.1.0 log that GitHub code scanning accepts; a suppressed diagnostic is a result with
/// `suppressions: [{kind: "inSource", justification}]`.
std::string render_sarif(std::span<const FileDiagnostics> files, const RenderOptions& options);

} // namespace cachectl
