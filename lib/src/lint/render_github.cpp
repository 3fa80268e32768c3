// The GitHub Actions workflow-command renderer of diagnostics.
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

} // namespace

std::string
render_github(std::span<const FileDiagnostics> files, const RenderOptions& /*options*/)
{
  std::string out;
  for_each_diagnostic(files, [&](const Diagnostic& diagnostic, std::string_view file) {
    if (!diagnostic.suppressed.empty()) {
      return; // allowed on purpose: no annotation on the pull request
    }
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

} // namespace cachectl
