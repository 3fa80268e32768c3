// JSON import files with source places (see json_source.hpp).
#include "json_source.hpp"

#include <fmt/format.h>

namespace cachectl::interop {

SourcePos
json_pos_at(std::string_view text, std::size_t offset)
{
  SourcePos pos{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

std::size_t
find_json_string(std::string_view text, const std::string& value, std::size_t from)
{
  return text.find(nlohmann::json(value).dump(), from);
}

JsonDocument
parse_json_document(std::string_view text, std::string_view file)
{
  JsonDocument out;
  try {
    out.root = nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, true, false);
  } catch (const nlohmann::json::parse_error& e) {
    std::string message = e.what();
    if (const auto colon = message.rfind(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
    const SourcePos pos = json_pos_at(text, e.byte == 0 ? 0 : e.byte - 1);
    out.diagnostics.push_back(
        syntax_error(file, pos, pos, fmt::format("invalid JSON: {}", message)));
  }
  return out;
}

const nlohmann::ordered_json*
find_route_rules(const nlohmann::ordered_json& root,
                 std::string_view text,
                 std::string_view file,
                 std::string_view nested,
                 std::size_t& offset,
                 std::vector<Diagnostic>& diagnostics)
{
  auto error = [&](std::size_t at, std::string message) {
    const SourcePos pos = json_pos_at(text, at);
    diagnostics.push_back(syntax_error(file, pos, pos, std::move(message)));
    return nullptr;
  };
  offset = 0;
  if (!root.is_object()) {
    return error(0, "the route rules must be a JSON object");
  }
  const nlohmann::ordered_json* rules = &root;
  if (const auto outer = root.find(std::string(nested));
      outer != root.end() && outer->is_object() && outer->contains("routeRules")) {
    offset = text.find(nlohmann::json(std::string(nested)).dump());
    rules = &(*outer)["routeRules"];
  } else if (root.contains("routeRules")) {
    rules = &root["routeRules"];
  } else {
    return rules;
  }
  const std::size_t at = text.find("\"routeRules\"", offset == std::string_view::npos ? 0 : offset);
  offset = at == std::string_view::npos ? 0 : at;
  if (!rules->is_object()) {
    return error(offset, "`routeRules` must be an object");
  }
  return rules;
}

} // namespace cachectl::interop
