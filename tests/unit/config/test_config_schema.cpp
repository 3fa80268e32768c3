#include <cachectl/config/config_keys.hpp>
#include <cachectl/config/config_schema.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace cachectl;
using Json = nlohmann::json;

TEST_SUITE_BEGIN("config_schema");

TEST_CASE("schema/cachectl.schema.json is the schema the key table generates")
{
  const std::string path = std::string(CACHECTL_SOURCE_DIR) + "/schema/cachectl.schema.json";
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(),
                  "missing " << path << " (regenerate: cachectl schema > " << path << ")");
  std::stringstream committed;
  committed << in.rdbuf();
  CHECK_MESSAGE(committed.str() == config_json_schema(),
                "schema drifted from the key table; regenerate: build/apps/cachectl/cachectl "
                "schema > schema/cachectl.schema.json");
}

TEST_CASE("every key of the table is in the schema, with its type")
{
  const Json schema = Json::parse(config_json_schema());
  for (const KeySpec& key : config_keys()) {
    CAPTURE(key.name);
    const std::string name(key.name);
    switch (key.scope) {
    case KeyScope::root:
      CHECK(schema["properties"].contains(name));
      break;
    case KeyScope::site:
      CHECK(schema["properties"]["site"]["properties"].contains(name));
      break;
    case KeyScope::options:
      CHECK(schema["definitions"]["route"]["properties"].contains(name));
      CHECK(schema["properties"]["defaults"]["properties"].contains(name) ==
            (name != "bypass" && name != "allow"));
      break;
    case KeyScope::bypass:
      CHECK(schema["definitions"]["bypass"]["properties"].contains(name));
      break;
    case KeyScope::cache_key:
      CHECK(schema["definitions"]["cache_key"]["properties"].contains(name));
      break;
    case KeyScope::lint:
      CHECK(schema["properties"]["lint"]["properties"].contains(name));
      break;
    case KeyScope::provider:
      for (std::string_view provider : provider_names()) {
        const bool accepted = find_key(KeyScope::provider, key.name, provider) == &key;
        CHECK(schema["properties"]["providers"]["properties"][std::string(provider)]["properties"]
                  .contains(name) == accepted);
      }
      break;
    }
  }
  CHECK(schema["properties"]["site"]["properties"]["trailing_slash"]["enum"] ==
        Json::array({"ignore", "always", "never"}));
  CHECK(schema["properties"]["site"]["properties"]["trailing_slash"]["default"] == "ignore");
  CHECK(schema["definitions"]["route"]["properties"]["max_age"]["oneOf"][0]["maximum"] ==
        2147483648);
  CHECK(schema["definitions"]["route"]["properties"]["statuses"]["default"].size() == 12);
  CHECK(schema["required"] == Json::array({"version"}));
}

TEST_SUITE_END();
