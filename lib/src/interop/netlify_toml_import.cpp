// netlify.toml `[[headers]]` (see netlify_toml_import.hpp).
#include "netlify_toml_import.hpp"

#include "util/toml_nesting.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

namespace cachectl::interop {

namespace {

SourcePos
pos_of(const toml::source_position& position)
{
  return SourcePos{position.line, position.column};
}

} // namespace

PlatformFile
parse_netlify_toml(std::string_view text, std::string_view file)
{
  PlatformFile out;
  auto error = [&](const toml::source_region& where, std::string message) {
    out.diagnostics.push_back(
        syntax_error(file, pos_of(where.begin), pos_of(where.end), std::move(message)));
  };
  if (toml_nesting(text).depth > max_toml_nesting) {
    out.diagnostics.push_back(syntax_error(
        file,
        SourcePos{1, 1},
        SourcePos{1, 1},
        fmt::format("invalid TOML: nested more than {} levels deep", max_toml_nesting)));
    return out;
  }
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    error(e.source(), fmt::format("invalid TOML: {}", e.description()));
    return out;
  }
  const toml::node* headers = root.get("headers");
  if (headers == nullptr) {
    return out;
  }
  const toml::array* list = headers->as_array();
  if (list == nullptr) {
    error(headers->source(), "`headers` must be an array of tables (`[[headers]]`)");
    return out;
  }
  for (const toml::node& entry : *list) {
    const toml::table* table = entry.as_table();
    if (table == nullptr) {
      error(entry.source(), "a `headers` entry must be a table");
      continue;
    }
    const toml::node* for_node = table->get("for");
    const auto path = for_node == nullptr ? std::nullopt : for_node->value<std::string>();
    if (!path) {
      error(for_node == nullptr ? entry.source() : for_node->source(),
            for_node == nullptr ? "a `[[headers]]` table without `for`" : "`for` must be a string");
      continue;
    }
    PlatformRule rule;
    rule.path = *path;
    rule.pos = pos_of(for_node->source().begin);
    rule.end = pos_of(for_node->source().end);
    const toml::node* values = table->get("values");
    if (values == nullptr) {
      continue; // Netlify ignores a rule without values
    }
    const toml::table* value_table = values->as_table();
    if (value_table == nullptr) {
      error(values->source(), "`values` must be a table");
      continue;
    }
    for (const auto& [key, value] : *value_table) {
      std::string joined;
      if (const auto text_value = value.value<std::string>(); text_value && value.is_string()) {
        joined = *text_value;
      } else if (const toml::array* items = value.as_array()) {
        for (const toml::node& item : *items) {
          const auto item_text = item.value<std::string>();
          if (!item_text || !item.is_string()) {
            error(item.source(), fmt::format("a value of `{}` must be a string", key.str()));
            continue;
          }
          joined += (joined.empty() ? "" : ", ") + *item_text;
        }
      } else {
        error(value.source(), fmt::format("the value of `{}` must be a string", key.str()));
        continue;
      }
      rule.ops.push_back(HeaderOp{false,
                                  std::string(key.str()),
                                  joined,
                                  pos_of(key.source().begin),
                                  pos_of(value.source().end)});
    }
    if (!rule.ops.empty()) {
      out.rules.push_back(std::move(rule));
    }
  }
  return out;
}

} // namespace cachectl::interop
