// JSON import files read with source places: nlohmann/json keeps no positions, so a key or value
// is found again by looking for its JSON spelling in the text after the previous one's place.
#pragma once

#include "import_model.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cachectl::interop {

/// The 1-based line and column of byte `offset` of `text`.
SourcePos json_pos_at(std::string_view text, std::size_t offset);

/// Where the JSON string `value` is next written at or after `from`; npos when not found.
std::size_t find_json_string(std::string_view text, const std::string& value, std::size_t from);

/// A JSON document (key order kept), or the `import-syntax` error of `file` saying why not.
struct JsonDocument {
  nlohmann::ordered_json root;
  std::vector<Diagnostic> diagnostics;
};

/// `text` parsed as JSON (no comments); a parse error is an `import-syntax` diagnostic at its
/// `line:col`.
JsonDocument parse_json_document(std::string_view text, std::string_view file);

/// The route rules object of a document: the document itself, or its `routeRules` key, or
/// `nested.routeRules` (`nitro`, `experimental`), with the byte offset where it starts; nullptr
/// with a diagnostic when there is none.
const nlohmann::ordered_json* find_route_rules(const nlohmann::ordered_json& root,
                                               std::string_view text,
                                               std::string_view file,
                                               std::string_view nested,
                                               std::size_t& offset,
                                               std::vector<Diagnostic>& diagnostics);

} // namespace cachectl::interop
