// The JSON renderer of diagnostics (see cachectl-validate(1)).
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
      entry["suppressed"] = string_or_null(diagnostic.suppressed);
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

} // namespace cachectl
