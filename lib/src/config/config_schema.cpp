#include <cachectl/config/config_keys.hpp>
#include <cachectl/config/config_schema.hpp>

#include <toml++/toml.h>

#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

using Json = nlohmann::ordered_json;

// A duration string (parse_duration): number-unit parts, units largest first, each once.
constexpr std::string_view duration_pattern =
    "^(?=[0-9])([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

// The options of [defaults] and every route: their sub-tables point to the definitions.
void
link_option_tables(Json& options)
{
  options["properties"]["status"]["$ref"] = "#/definitions/status";
  options["properties"]["cache_key"]["$ref"] = "#/definitions/cache_key";
}

// A TOML literal (a default value of the key table) as JSON.
Json
literal_json(std::string_view literal)
{
  toml::table table;
  try {
    table = toml::parse("x = " + std::string(literal));
  } catch (const toml::parse_error&) {
    return nullptr; // the key-table test makes sure every default parses
  }
  const toml::node& node = *table.get("x");
  if (const auto* s = node.as_string()) {
    return s->get();
  }
  if (const auto* i = node.as_integer()) {
    return i->get();
  }
  if (const auto* f = node.as_floating_point()) {
    return f->get();
  }
  if (const auto* b = node.as_boolean()) {
    return b->get();
  }
  Json array = Json::array();
  if (const auto* a = node.as_array()) {
    for (const auto& element : *a) {
      if (const auto* s = element.as_string()) {
        array.push_back(s->get());
      } else if (const auto* i = element.as_integer()) {
        array.push_back(i->get());
      }
    }
  }
  return array;
}

// The schema of one key.
Json
key_schema(const KeySpec& key)
{
  Json s;
  s["description"] = key.summary;
  auto integer_bounds = [&](Json& target) {
    target["minimum"] = key.min;
    if (key.max != 0) {
      target["maximum"] = key.max;
    }
  };
  auto choices = [&]() {
    Json values = Json::array();
    for (std::string_view choice : split_list(key.choices)) {
      values.push_back(choice);
    }
    return values;
  };
  switch (key.type) {
  case KeyType::integer:
    s["type"] = "integer";
    integer_bounds(s);
    break;
  case KeyType::boolean:
    s["type"] = "boolean";
    break;
  case KeyType::string:
    s["type"] = "string";
    if (!key.choices.empty()) {
      s["enum"] = choices();
    }
    break;
  case KeyType::string_array:
    s["type"] = "array";
    s["items"] = Json{{"type", "string"}};
    break;
  case KeyType::integer_array: {
    Json items{{"type", "integer"}};
    integer_bounds(items);
    s["type"] = "array";
    s["items"] = std::move(items);
    break;
  }
  case KeyType::string_or_string_array:
    s["oneOf"] = Json::array({Json{{"type", "string"}, {"enum", choices()}},
                              Json{{"type", "array"}, {"items", Json{{"type", "string"}}}}});
    break;
  case KeyType::number:
    s["type"] = "number";
    s["minimum"] = key.lowest;
    s["maximum"] = key.highest;
    break;
  case KeyType::duration: {
    Json seconds{{"type", "integer"}};
    integer_bounds(seconds);
    s["oneOf"] =
        Json::array({std::move(seconds), Json{{"type", "string"}, {"pattern", duration_pattern}}});
    break;
  }
  case KeyType::table:
    s["type"] = "object";
    break;
  }
  if (!key.default_value.empty()) {
    s["default"] = literal_json(key.default_value);
  }
  return s;
}

// The schema of a `status` table: TTLs keyed by status or status class.
Json
status_schema(const KeySpec& max_age)
{
  return Json{{"type", "object"},
              {"description", "TTL per response status (\"404\") or class (\"4xx\")"},
              {"propertyNames", Json{{"pattern", "^[1-5]([0-9][0-9]|[xX][xX])$"}}},
              {"additionalProperties",
               key_schema(max_age)["oneOf"].is_null()
                   ? Json::object()
                   : Json{{"oneOf", key_schema(max_age)["oneOf"]}}}};
}

// An object schema with the keys of `scope` (for providers: those `provider` accepts);
// `skip` names a key to leave out.
Json
table_schema(KeyScope scope,
             std::string_view description,
             std::string_view provider = {},
             std::string_view skip = {})
{
  Json properties = Json::object();
  for (const KeySpec& key : config_keys()) {
    const auto skipped = split_list(skip);
    if (key.scope != scope ||
        std::find(skipped.begin(), skipped.end(), key.name) != skipped.end()) {
      continue;
    }
    if (scope == KeyScope::provider && find_key(scope, key.name, provider) != &key) {
      continue;
    }
    properties[std::string(key.name)] = key_schema(key);
  }
  return Json{{"type", "object"},
              {"description", description},
              {"additionalProperties", false},
              {"properties", std::move(properties)}};
}

} // namespace

std::string
config_json_schema()
{
  Json route =
      table_schema(KeyScope::options, "cache options of the rule; `cache = false` opts out");
  route["properties"]["bypass"] = Json{{"$ref", "#/definitions/bypass"}};
  link_option_tables(route);
  Json providers = Json::object();
  for (std::string_view name : provider_names()) {
    providers[std::string(name)] =
        table_schema(KeyScope::provider, "settings of this provider", name);
  }
  Json properties = Json::object();
  for (const KeySpec& key : config_keys()) {
    if (key.scope != KeyScope::root) {
      continue;
    }
    const std::string name(key.name);
    if (name == "site") {
      properties[name] = table_schema(KeyScope::site, key.summary);
    } else if (name == "defaults") {
      properties[name] = table_schema(KeyScope::options, key.summary, {}, "bypass|allow");
      link_option_tables(properties[name]);
    } else if (name == "bypass") {
      properties[name] = Json{{"$ref", "#/definitions/bypass"}};
    } else if (name == "routes") {
      properties[name] = Json{{"type", "object"},
                              {"description", key.summary},
                              {"propertyNames", Json{{"pattern", "^/"}}},
                              {"additionalProperties", Json{{"$ref", "#/definitions/route"}}}};
    } else if (name == "lint") {
      properties[name] = table_schema(KeyScope::lint, key.summary);
    } else if (name == "providers") {
      properties[name] = Json{{"type", "object"},
                              {"description", key.summary},
                              {"additionalProperties", false},
                              {"properties", std::move(providers)}};
    } else {
      properties[name] = key_schema(key);
    }
  }
  properties["version"]["const"] = 1;
  Json schema{
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "cachectl config (cache.toml), version 1"},
      {"description", "HTTP cache rules per route pattern; see cachectl.toml(5)"},
      {"type", "object"},
      {"required", Json::array({"version"})},
      {"additionalProperties", false},
      {"properties", std::move(properties)},
      {"definitions",
       Json{{"route", std::move(route)},
            {"bypass",
             table_schema(KeyScope::bypass, "request traits that make a response uncacheable")},
            {"status", status_schema(*find_key(KeyScope::options, "max_age"))},
            {"cache_key",
             table_schema(KeyScope::cache_key, "what the cache key holds besides the path")}}}};
  return schema.dump(2) + "\n";
}

} // namespace cachectl
