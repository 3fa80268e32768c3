#include <cachectl/analysis/expectations.hpp>
#include <cachectl/analysis/expectations_schema.hpp>
#include <cachectl/config/config_schema.hpp>
#include <cachectl/headers/headers.hpp>

#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

using Json = nlohmann::ordered_json;

// The providers with a header profile, as a JSON Schema enum.
Json
provider_enum(std::string_view description)
{
  Json names = Json::array();
  for (const ProviderInfo* provider : header_providers()) {
    names.push_back(std::string(provider->name));
  }
  return Json{{"type", "string"}, {"description", description}, {"enum", std::move(names)}};
}

Json
strings_table(std::string_view description)
{
  return Json{{"type", "object"},
              {"description", description},
              {"additionalProperties", Json{{"type", "string"}}}};
}

} // namespace

std::string
expectations_json_schema()
{
  // The option keys, exactly as cache.toml's [defaults] takes them (but `cache`, which is the
  // decision here, and the `bypass` sub-table).
  const Json config = Json::parse(config_json_schema());
  Json expect_properties = Json::object();
  expect_properties["rule"] = Json{
      {"description", "the winning rule's pattern as written in the config, or false for none"},
      {"oneOf", Json::array({Json{{"type", "string"}}, Json{{"const", false}}})}};
  expect_properties["params"] = strings_table("the captured params, all of them");
  expect_properties["cache"] =
      Json{{"type", "boolean"},
           {"description",
            "whether the response may be cached at all (cache = false, methods, statuses and "
            "[bypass] decided)"}};
  for (const auto& [key, schema] : config["properties"]["defaults"]["properties"].items()) {
    if (key == "cache" || key == "bypass") {
      continue;
    }
    Json option = schema;
    option.erase("default"); // an expectation has no default
    option["description"] = "the effective " + key + ": " + schema.value("description", "");
    expect_properties[key] = std::move(option);
  }
  const Json header_value{
      {"description",
       "the exact value; an array when the header is sent on several lines; false: absent"},
      {"oneOf",
       Json::array(
           {Json{{"type", "string"}},
            Json{{"const", false}},
            Json{{"type", "array"}, {"minItems", 1}, {"items", Json{{"type", "string"}}}}})}};
  Json header_providers_properties = Json::object();
  for (const ProviderInfo* provider : header_providers()) {
    header_providers_properties[std::string(provider->name)] =
        Json{{"type", "object"},
             {"description", "response headers of " + std::string(provider->display)},
             {"additionalProperties", Json{{"$ref", "#/definitions/header_value"}}}};
  }
  const Json test_case{
      {"type", "object"},
      {"required", Json::array({"url"})},
      {"additionalProperties", false},
      {"properties",
       Json{{"name", Json{{"type", "string"}, {"description", "what the case is about"}}},
            {"url", Json{{"type", "string"}, {"description", "a path or an http(s) URL"}}},
            {"method",
             Json{{"type", "string"},
                  {"description", "request method (default GET)"},
                  {"pattern", "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"}}},
            {"status",
             Json{{"type", "integer"},
                  {"description", "response status (default 200)"},
                  {"minimum", 100},
                  {"maximum", 599}}},
            {"request_headers", strings_table("request header fields (Cookie, Authorization, …)")},
            {"provider", provider_enum("provider of the headers written without one")},
            {"expect",
             Json{{"type", "object"},
                  {"description", "the rule, params, decision and effective options"},
                  {"additionalProperties", false},
                  {"properties", std::move(expect_properties)}}},
            {"headers",
             Json{{"type", "object"},
                  {"description",
                   "response headers per provider ([case.headers.<provider>]), or of the "
                   "case's provider"},
                  {"properties", std::move(header_providers_properties)},
                  {"additionalProperties", Json{{"$ref", "#/definitions/header_value"}}}}}}}};
  const Json schema{
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "cachectl expectations (cache.test.toml), version 1"},
      {"description", "what URLs must get from a cache.toml; see cachectl-test(1)"},
      {"type", "object"},
      {"required", Json::array({"version"})},
      {"additionalProperties", false},
      {"properties",
       Json{{"version", Json{{"const", expectations_version}, {"type", "integer"}}},
            {"config",
             Json{{"type", "string"},
                  {"description",
                   "the config these cases test, relative to this file (default: x.toml for "
                   "x.test.toml)"}}},
            {"provider", provider_enum("default provider of headers written without one")},
            {"case",
             Json{{"type", "array"},
                  {"description", "the cases ([[case]])"},
                  {"items", Json{{"$ref", "#/definitions/case"}}}}}}},
      {"definitions", Json{{"case", test_case}, {"header_value", header_value}}}};
  return schema.dump(2) + "\n";
}

} // namespace cachectl
