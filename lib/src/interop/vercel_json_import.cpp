// vercel.json `headers` (see vercel_json_import.hpp). nlohmann/json keeps no positions, so each
// entry's place is found by looking for its `source` string (as JSON writes it) in the text
// after the previous entry's.
#include "vercel_json_import.hpp"

#include "json_source.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cachectl::interop {

namespace {

// The place helpers shared by the JSON formats (json_source.hpp).
constexpr auto pos_at = &json_pos_at;
constexpr auto find_string = &find_json_string;

} // namespace

PlatformFile
parse_vercel_json(std::string_view text, std::string_view file)
{
  PlatformFile out;
  auto error_at = [&](std::size_t offset, std::string message) {
    const SourcePos pos = pos_at(text, offset);
    out.diagnostics.push_back(syntax_error(file, pos, pos, std::move(message)));
  };
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text.begin(), text.end(), nullptr, true, false);
  } catch (const nlohmann::json::parse_error& e) {
    std::string message = e.what();
    if (const auto colon = message.rfind(": "); colon != std::string::npos) {
      message = message.substr(colon + 2);
    }
    error_at(e.byte == 0 ? 0 : e.byte - 1, fmt::format("invalid JSON: {}", message));
    return out;
  }
  if (!root.is_object()) {
    error_at(0, "vercel.json must be a JSON object");
    return out;
  }
  const auto headers = root.find("headers");
  if (headers == root.end()) {
    return out;
  }
  const std::size_t headers_at = text.find("\"headers\"");
  if (!headers->is_array()) {
    error_at(headers_at, "`headers` must be an array");
    return out;
  }
  std::size_t cursor = headers_at == std::string_view::npos ? 0 : headers_at;
  for (const auto& entry : *headers) {
    if (!entry.is_object() || !entry.contains("source") || !entry["source"].is_string() ||
        !entry.contains("headers") || !entry["headers"].is_array()) {
      error_at(cursor,
               "a `headers` entry must be an object with a string `source` and an array "
               "`headers`");
      continue;
    }
    PlatformRule rule;
    rule.path = entry["source"].get<std::string>();
    const std::size_t at = find_string(text, rule.path, cursor);
    const std::size_t source_at = at == std::string_view::npos ? cursor : at;
    rule.pos = pos_at(text, source_at);
    rule.end = pos_at(text, source_at + nlohmann::json(rule.path).dump().size());
    cursor = source_at;
    for (const char* key : {"has", "missing"}) {
      if (entry.contains(key)) {
        rule.condition +=
            fmt::format("{}`{}`: {}", rule.condition.empty() ? "" : ", ", key, entry[key].dump());
      }
    }
    for (const auto& header : entry["headers"]) {
      if (!header.is_object() || !header.contains("key") || !header["key"].is_string() ||
          !header.contains("value") || !header["value"].is_string()) {
        error_at(source_at, "each header must be an object with string `key` and `value`");
        continue;
      }
      const auto name = header["key"].get<std::string>();
      const std::size_t key_at = find_string(text, name, cursor);
      const SourcePos pos = key_at == std::string_view::npos ? rule.pos : pos_at(text, key_at);
      if (key_at != std::string_view::npos) {
        cursor = key_at;
      }
      rule.ops.push_back(HeaderOp{false, name, header["value"].get<std::string>(), pos, pos});
    }
    out.rules.push_back(std::move(rule));
  }
  return out;
}

} // namespace cachectl::interop
