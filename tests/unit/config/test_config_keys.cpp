// The key table of cache.toml: its invariants, lookups and "did you mean" suggestions.
#include "util/edit_distance.hpp"

#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

// The providers a provider key applies to (all of them when its list is empty).
std::vector<std::string_view>
providers_of(const KeySpec& spec)
{
  if (spec.providers.empty()) {
    const auto names = provider_names();
    return {names.begin(), names.end()};
  }
  return split_list(spec.providers);
}

// True when `node` has the TOML type `type` asks for (elements included).
bool
has_type(const toml::node& node, KeyType type)
{
  const auto all_of = [&](auto predicate) {
    const auto* array = node.as_array();
    return array != nullptr && std::all_of(array->begin(), array->end(), predicate);
  };
  switch (type) {
  case KeyType::integer:
    return node.is_integer();
  case KeyType::boolean:
    return node.is_boolean();
  case KeyType::string:
    return node.is_string();
  case KeyType::string_array:
    return all_of([](const toml::node& element) { return element.is_string(); });
  case KeyType::integer_array:
    return all_of([](const toml::node& element) { return element.is_integer(); });
  case KeyType::string_or_string_array:
    return node.is_string() ||
           all_of([](const toml::node& element) { return element.is_string(); });
  case KeyType::table:
    return node.is_table();
  case KeyType::number:
    return node.is_integer() || node.is_floating_point();
  case KeyType::duration:
    return node.is_integer() || node.is_string();
  }
  return false;
}

// True when `c` may appear in a key name (snake_case).
bool
is_snake_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

TEST_CASE("config_keys: every scope has keys and every key is documented snake_case")
{
  for (const auto scope :
       {KeyScope::root, KeyScope::site, KeyScope::options, KeyScope::bypass, KeyScope::provider}) {
    CHECK(std::any_of(config_keys().begin(), config_keys().end(), [&](const KeySpec& spec) {
      return spec.scope == scope;
    }));
  }
  for (const auto& spec : config_keys()) {
    CAPTURE(spec.name);
    CHECK_FALSE(spec.name.empty());
    CHECK(std::all_of(spec.name.begin(), spec.name.end(), is_snake_char));
    CHECK_FALSE(spec.summary.empty());
    if (spec.max != 0) {
      CHECK(spec.min <= spec.max);
    }
    if (spec.scope != KeyScope::provider) {
      CHECK(spec.providers.empty());
    }
  }
}

TEST_CASE("config_keys: no key is listed twice for the same scope and provider")
{
  const auto keys = config_keys();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    for (std::size_t j = i + 1; j < keys.size(); ++j) {
      if (keys[i].scope != keys[j].scope || keys[i].name != keys[j].name) {
        continue;
      }
      CAPTURE(keys[i].name);
      REQUIRE(keys[i].scope == KeyScope::provider);
      for (const auto provider : providers_of(keys[i])) {
        const auto others = providers_of(keys[j]);
        CHECK(std::find(others.begin(), others.end(), provider) == others.end());
      }
    }
  }
}

TEST_CASE("config_keys: every default parses as the declared type and respects the limits")
{
  std::size_t defaults = 0;
  for (const auto& spec : config_keys()) {
    if (spec.default_value.empty()) {
      continue;
    }
    ++defaults;
    CAPTURE(spec.name);
    CAPTURE(spec.default_value);
    toml::table parsed;
    REQUIRE_NOTHROW(parsed = toml::parse("x = " + std::string(spec.default_value)));
    const toml::node* node = parsed.get("x");
    REQUIRE(node != nullptr);
    CHECK(has_type(*node, spec.type));
    if (spec.type == KeyType::integer) {
      CHECK(node->as_integer()->get() >= spec.min);
    }
    if (spec.type == KeyType::integer_array) {
      for (const auto& element : *node->as_array()) {
        const auto value = element.as_integer()->get();
        CHECK(value >= spec.min);
        CHECK((spec.max == 0 || value <= spec.max));
      }
    }
    if (!spec.choices.empty() && node->is_string()) {
      const auto choices = split_list(spec.choices);
      CHECK(std::find(choices.begin(), choices.end(), node->as_string()->get()) != choices.end());
    }
  }
  CHECK(defaults == 23);
}

TEST_CASE("config_keys: provider lists name real providers")
{
  const auto names = provider_names();
  REQUIRE(names.size() == 13);
  CHECK(names.front() == "generic");
  CHECK(names.back() == "http");
  for (const auto& spec : config_keys()) {
    for (const auto provider : split_list(spec.providers)) {
      CAPTURE(spec.name);
      CAPTURE(provider);
      CHECK(std::find(names.begin(), names.end(), provider) != names.end());
    }
  }
  // `[site] provider` accepts exactly the provider names.
  const KeySpec* site_provider = find_key(KeyScope::site, "provider");
  REQUIRE(site_provider != nullptr);
  std::string joined;
  for (const auto name : names) {
    joined += joined.empty() ? "" : "|";
    joined += name;
  }
  CHECK(site_provider->choices == joined);
}

TEST_CASE("config_keys: documented types, defaults and limits of some keys")
{
  const KeySpec* version = find_key(KeyScope::root, "version");
  REQUIRE(version != nullptr);
  CHECK(version->type == KeyType::integer);
  CHECK(version->default_value.empty());
  CHECK(version->min == 1);
  CHECK(version->max == 1);

  const KeySpec* max_age = find_key(KeyScope::options, "max_age");
  REQUIRE(max_age != nullptr);
  CHECK(max_age->type == KeyType::duration);
  CHECK(max_age->min == 0);
  CHECK(max_age->max == 2147483648);

  const KeySpec* statuses = find_key(KeyScope::options, "statuses");
  REQUIRE(statuses != nullptr);
  CHECK(statuses->type == KeyType::integer_array);
  CHECK(statuses->default_value == "[200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]");
  CHECK(statuses->min == 100);
  CHECK(statuses->max == 599);

  const KeySpec* query = find_key(KeyScope::bypass, "query");
  REQUIRE(query != nullptr);
  CHECK(query->type == KeyType::string_or_string_array);
  CHECK(query->default_value == "\"never\"");

  const KeySpec* rate = find_key(KeyScope::provider, "rate", "fastly");
  REQUIRE(rate != nullptr);
  CHECK(rate->type == KeyType::number);
  CHECK(rate->min == 0);

  const KeySpec* trailing_slash = find_key(KeyScope::site, "trailing_slash");
  REQUIRE(trailing_slash != nullptr);
  CHECK(trailing_slash->choices == "ignore|always|never");
  CHECK(trailing_slash->default_value == "\"ignore\"");
}

TEST_CASE("find_key")
{
  CHECK(find_key(KeyScope::options, "max_age") != nullptr);
  CHECK(find_key(KeyScope::options, "max_age")->name == "max_age");
  CHECK(find_key(KeyScope::site, "max_age") == nullptr);
  CHECK(find_key(KeyScope::options, "maxAge") == nullptr);
  CHECK(find_key(KeyScope::root, "site")->type == KeyType::table);
  CHECK(find_key(KeyScope::options, "bypass")->type == KeyType::table);
  CHECK(find_key(KeyScope::bypass, "cookies") != nullptr);

  // Provider-specific keys need the right provider; an empty provider accepts any.
  CHECK(find_key(KeyScope::provider, "zone_id", "cloudflare") != nullptr);
  CHECK(find_key(KeyScope::provider, "zone_id", "fastly") == nullptr);
  CHECK(find_key(KeyScope::provider, "zone_id") != nullptr);
  CHECK(find_key(KeyScope::provider, "tag_header", "http") != nullptr);
  CHECK(find_key(KeyScope::provider, "tag_header", "cloudfront") != nullptr);
  CHECK(find_key(KeyScope::provider, "tag_header", "bunny") == nullptr);
  // Common keys apply to every provider.
  for (const auto provider : provider_names()) {
    CAPTURE(provider);
    CHECK(find_key(KeyScope::provider, "token_env", provider) != nullptr);
    CHECK(find_key(KeyScope::provider, "timeout", provider) != nullptr);
  }
}

TEST_CASE("scope_title")
{
  CHECK(scope_title(KeyScope::root) == "top level");
  CHECK(scope_title(KeyScope::site) == "[site]");
  CHECK(scope_title(KeyScope::options) == "[defaults] / [routes.\"…\"]");
  CHECK(scope_title(KeyScope::bypass) == "[bypass]");
  CHECK(scope_title(KeyScope::provider) == "[providers.<name>]");
}

TEST_CASE("suggest_key")
{
  // camelCase and kebab-case spellings.
  CHECK(suggest_key(KeyScope::options, "maxAge") == "max_age");
  CHECK(suggest_key(KeyScope::options, "staleIfError") == "stale_if_error");
  CHECK(suggest_key(KeyScope::options, "max-age") == "max_age");
  CHECK(suggest_key(KeyScope::options, "stale-if-error") == "stale_if_error");
  CHECK(suggest_key(KeyScope::options, "browserMaxAge") == "browser_max_age");
  // Case.
  CHECK(suggest_key(KeyScope::options, "Max_Age") == "max_age");
  CHECK(suggest_key(KeyScope::options, "MAX_AGE") == "max_age");
  CHECK(suggest_key(KeyScope::root, "VERSION") == "version");
  // Edit distance ≤ 2.
  CHECK(suggest_key(KeyScope::options, "tgas") == "tags");
  CHECK(suggest_key(KeyScope::options, "maxage") == "max_age");
  CHECK(suggest_key(KeyScope::options, "imutable") == "immutable");
  CHECK(suggest_key(KeyScope::bypass, "cookie") == "cookies");
  CHECK(suggest_key(KeyScope::site, "trailing_slashes") == "trailing_slash");
  // Top-level tables are candidates at the top level.
  CHECK(suggest_key(KeyScope::root, "sites") == "site");
  CHECK(suggest_key(KeyScope::root, "route") == "routes");
  CHECK(suggest_key(KeyScope::root, "provider") == "providers");
  // Ties go to the key listed first: `tag` is one edit from both `tags` and `etag`.
  CHECK(suggest_key(KeyScope::options, "tag") == "tags");
  // Nothing close.
  CHECK(suggest_key(KeyScope::options, "zzzzzz").empty());
  CHECK(suggest_key(KeyScope::options, "max_age_seconds").empty());
  CHECK(suggest_key(KeyScope::site, "max_age").empty());
  // Provider keys only from that provider.
  CHECK(suggest_key(KeyScope::provider, "zoneId", "cloudflare") == "zone_id");
  CHECK(suggest_key(KeyScope::provider, "zoneId", "fastly").empty());
  CHECK(suggest_key(KeyScope::provider, "serviceId", "fastly") == "service_id");
  CHECK(suggest_key(KeyScope::provider, "tokenEnv", "bunny") == "token_env");
  CHECK(suggest_key(KeyScope::provider, "zoneId") == "zone_id");
}

TEST_CASE("edit_distance")
{
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("a", "") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("tgas", "tags") == 2);
  CHECK(edit_distance("maxage", "max_age") == 1);
  // With a limit the result saturates at limit + 1.
  CHECK(edit_distance("kitten", "sitting", 2) == 3);
  CHECK(edit_distance("kitten", "sitting", 3) == 3);
  CHECK(edit_distance("kitten", "sitting", 5) == 3);
  CHECK(edit_distance("a", "abcdef", 2) == 3);
  CHECK(edit_distance("abcdef", "uvwxyz", 1) == 2);
  CHECK(edit_distance("tgas", "tags", 2) == 2);
}
