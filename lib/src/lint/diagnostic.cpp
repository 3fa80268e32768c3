// Diagnostics themselves: severity names, the short one-line form, counts. The renderers are in
// render_text.cpp, render_json.cpp, render_github.cpp and render_sarif.cpp.
#include "lint/render_support.hpp"

#include <cachectl/lint/diagnostic.hpp>
#include <cachectl/util/unsafe_text.hpp>

#include <fmt/format.h>

#include <utility>

namespace cachectl {

using namespace render_detail;

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
    if (!diagnostic.suppressed.empty()) {
      ++out.suppressed;
      continue;
    }
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

} // namespace cachectl
