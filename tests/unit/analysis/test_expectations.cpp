// Loading expectation files: the format, positions, and every error path.
#include "analysis/toml_text.hpp"

#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectations.hpp>
#include <cachectl/analysis/expectations_schema.hpp>
#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace cachectl;

namespace {

// The errors of loading `text` as `line:col: message`.
std::vector<std::string>
errors_of(const std::string& text)
{
  const auto loaded = parse_expectations(text, "t.test.toml");
  REQUIRE_FALSE(loaded.has_value());
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.error()) {
    out.push_back(fmt::format("{}:{}: {}", d.span.begin.line, d.span.begin.column, d.message));
  }
  return out;
}

} // namespace

TEST_CASE("an expectation file: cases, their requests and every kind of expectation")
{
  const auto file = parse_expectations(R"(version = 1
config = "blog.toml"
provider = "fastly"

[[case]]
name = "a post"
url = "/blog/x"
method = "HEAD"
status = 404
request_headers = { Cookie = "a=1" }
expect.rule = "/blog/[slug]"
expect.params = { slug = "x" }
expect.cache = true
expect.max_age = 300
expect.tags = ["blog", "post:x"]

[case.headers.cloudflare]
Cache-Control = "max-age=60"
Cache-Tag = false
Set-Cookie = ["a", "b"]

[[case]]
url = "/nowhere"
provider = "akamai"
expect.rule = false
headers.Edge-Control = false
)",
                                       "blog.test.toml");
  REQUIRE(file.has_value());
  CHECK(file->config == "blog.toml");
  CHECK(file->provider == "fastly");
  REQUIRE(file->cases.size() == 2);
  const TestCase& a = file->cases[0];
  CHECK(a.label() == "a post");
  CHECK(a.method == "HEAD");
  CHECK(a.status == 404);
  CHECK(a.pos.line == 5);
  REQUIRE(a.request_headers.size() == 1);
  CHECK(a.request_headers[0] == std::pair<std::string, std::string>{"Cookie", "a=1"});
  REQUIRE(a.expectations.size() == 8);
  CHECK(a.expectations[0].kind == Expectation::Kind::rule);
  CHECK(a.expectations[0].expected == "\"/blog/[slug]\"");
  CHECK(a.expectations[0].place.key.line == 11);
  CHECK(a.expectations[1].kind == Expectation::Kind::params);
  CHECK(a.expectations[1].expected == "{ slug = \"x\" }");
  CHECK(a.expectations[2].kind == Expectation::Kind::cache);
  CHECK(a.expectations[3].kind == Expectation::Kind::option);
  CHECK(a.expectations[3].key == "max_age");
  CHECK(a.expectations[3].expected == "300");
  CHECK(a.expectations[4].expected == "[\"blog\", \"post:x\"]");
  CHECK(a.expectations[5].kind == Expectation::Kind::header);
  CHECK(a.expectations[5].provider == "cloudflare");
  CHECK(a.expectations[5].key == "Cache-Control");
  CHECK(a.expectations[6].expected == "false");
  CHECK(a.expectations[7].expected == "[\"a\", \"b\"]");
  const TestCase& b = file->cases[1];
  CHECK(b.label() == "/nowhere");
  CHECK(b.provider == "akamai");
  REQUIRE(b.expectations.size() == 2);
  CHECK(b.expectations[0].expected == "false");
  CHECK(b.expectations[1].provider.empty()); // the case's default provider
  CHECK(b.expectations[1].key == "Edge-Control");
}

TEST_CASE("expectation files: a TOML error is reported at its line and column")
{
  CHECK(
      errors_of("version = 1\n[[case]]\nurl = \"/\"\nexpect.rule = \n") ==
      std::vector<std::string>{"4:15: invalid TOML in key-value pair: expected value, saw '\\n'"});
}

TEST_CASE("expectation files: unknown keys get a suggestion, in every table")
{
  CHECK(errors_of("version = 1\nprovder = \"generic\"\n") ==
        std::vector<std::string>{
            "2:1: unknown key `provder` in the top level; did you mean `provider`?"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nstauts = 200\n") ==
        std::vector<std::string>{"4:1: unknown key `stauts` in [[case]]; did you mean `status`?"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nexpect.maxAge = 1\n") ==
        std::vector<std::string>{
            "4:8: unknown key `maxAge` in [case.expect]; did you mean `max_age`?"});
  CHECK(
      errors_of("version = 1\n[[case]]\nurl = \"/\"\nexpect.rules = \"/\"\n") ==
      std::vector<std::string>{"4:8: unknown key `rules` in [case.expect]; did you mean `rule`?"});
  // Nothing close: no suggestion.
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nzzzzzz = 1\n") ==
        std::vector<std::string>{"4:1: unknown key `zzzzzz` in [[case]]"});
}

TEST_CASE("expectation files: unknown providers, with a suggestion")
{
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\n[case.headers.cloudflar]\nVary = false\n") ==
        std::vector<std::string>{"4:15: unknown provider `cloudflar`; did you mean `cloudflare`?"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nprovider = \"akami\"\n") ==
        std::vector<std::string>{"4:12: unknown provider `akami`; did you mean `akamai`?"});
  // `http` is a purge webhook, not a header profile.
  const auto http = errors_of("version = 1\nprovider = \"http\"\n");
  REQUIRE(http.size() == 1);
  CHECK(http[0].starts_with("2:12: unknown provider `http`"));
}

TEST_CASE("expectation files: wrong types, missing url and version, values the loader refuses")
{
  CHECK(errors_of("version = 1\n[[case]]\nurl = 1\n") ==
        std::vector<std::string>{"2:1: a [[case]] needs a `url`",
                                 "3:7: `url` must be a string, not an integer"});
  CHECK(errors_of("[[case]]\nurl = \"/\"\n") ==
        std::vector<std::string>{"1:1: the expectation file has no `version = 1`"});
  CHECK(errors_of("version = 2\n") ==
        std::vector<std::string>{
            "1:11: expectation file version 2 is not supported (this cachectl reads version 1)"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nstatus = 99\n") ==
        std::vector<std::string>{"4:10: `status` must be an integer from 100 to 599"});
  // Option values are checked by the config loader itself.
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nexpect.max_age = \"x\"\n") ==
        std::vector<std::string>{
            "4:18: `max_age` must be a duration: integer seconds, or a string such as \"1h30m\" "
            "with units y (365 days), w, d, h, m, s, largest first; \"x\": a number is missing "
            "before `x`"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nexpect.rule = true\n") ==
        std::vector<std::string>{
            "4:15: `rule` must be a pattern string, or false for no rule, not a boolean"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nheaders.Vary = true\n") ==
        std::vector<std::string>{"4:16: `Vary` must be a string, an array of strings (one per "
                                 "header line), or false (absent), not a boolean"});
  CHECK(errors_of("version = 1\n[[case]]\nurl = \"/\"\nrequest_headers = { \"a b\" = \"1\" }\n") ==
        std::vector<std::string>{"4:29: `a b` is not a header name"});
}

TEST_CASE("expectation files: paths of the config and of the expectations")
{
  CHECK(expectations_path_for("dir/cache.toml") == "dir/cache.test.toml");
  ExpectationFile file;
  file.file = "dir/blog.test.toml";
  CHECK(config_path_for(file) == "dir/blog.toml");
  file.config = "../site/cache.toml";
  CHECK(config_path_for(file) == "dir/../site/cache.toml");
  file.config.clear();
  file.file = "dir/expectations.toml";
  CHECK(config_path_for(file).empty());
}

TEST_CASE("every option of the key table can be expected (a new option needs a reader)")
{
  const CacheOptions empty;
  for (const KeySpec& spec : config_keys()) {
    // `allow` is about validate's diagnostics, not a cache option a URL gets.
    if (spec.scope != KeyScope::options || spec.name == "cache" || spec.name == "allow" ||
        spec.type == KeyType::table) {
      continue;
    }
    CAPTURE(spec.name);
    // Loading a file that expects it gives a canonical value (so the reader exists).
    const std::string value = spec.type == KeyType::integer || spec.type == KeyType::duration ? "1"
                              : spec.type == KeyType::boolean       ? "true"
                              : spec.type == KeyType::string_array  ? "[\"Accept\"]"
                              : spec.type == KeyType::integer_array ? "[200]"
                              : spec.name == "last_modified"        ? "\"2024-05-01T10:00:00Z\""
                                                                    : "\"\\\"v1\\\"\"";
    const auto loaded = parse_expectations(
        fmt::format("version = 1\n[[case]]\nurl = \"/\"\nexpect.{} = {}\n", spec.name, value), "t");
    REQUIRE_MESSAGE(loaded.has_value(), loaded.error().front().message);
    // Unset options have no value, except tags, which accumulate (`[]` when none).
    CHECK(option_value(empty, spec.name).has_value() == (spec.name == "tags"));
  }
}

TEST_CASE("canonical TOML text and toml++ positions as byte offsets")
{
  CHECK(toml_string("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
  CHECK(toml_key("Cache-Control") == "Cache-Control");
  CHECK(toml_key("a b") == "\"a b\"");
  CHECK(toml_inline_table({{"b", "1"}, {"a", "2"}}) == "{ a = 2, b = 1 }");
  CHECK(toml_inline_table({}) == "{}");
  const std::string text = "a = 1\nb = \"é\" # x\n";
  CHECK(byte_offset(text, {2, 1}) == 6);
  CHECK(byte_offset(text, {2, 6}) == 11); // after `"é"`: `é` is one column, two bytes
  CHECK(byte_offset(text, {9, 1}) == text.size());
}

TEST_CASE("schema/cachectl-test.schema.json is the schema cachectl test --schema prints")
{
  const std::string path = std::string(CACHECTL_SOURCE_DIR) + "/schema/cachectl-test.schema.json";
  std::ifstream in(path);
  std::stringstream committed;
  committed << in.rdbuf();
  CHECK_MESSAGE(committed.str() == expectations_json_schema(),
                "regenerate: build/apps/cachectl/cachectl test --schema > "
                "schema/cachectl-test.schema.json");
  // Every key the loader takes is in the schema, and nothing else.
  const auto schema = nlohmann::json::parse(expectations_json_schema());
  const auto& properties = schema["definitions"]["case"]["properties"];
  CHECK(properties.size() == case_keys().size());
  for (std::string_view key : case_keys()) {
    CHECK(properties.contains(std::string(key)));
  }
  for (std::string_view key : expect_keys()) {
    CHECK(properties["expect"]["properties"].contains(std::string(key)));
  }
  CHECK(properties["expect"]["properties"].contains("max_age"));
  CHECK_FALSE(properties["expect"]["properties"].contains("bypass"));
}

TEST_CASE("cachectl-test(1) documents every key of expectation files")
{
  std::ifstream in(std::string(CACHECTL_SOURCE_DIR) + "/man/cachectl-test.1");
  std::stringstream page;
  page << in.rdbuf();
  for (std::string_view key : case_keys()) {
    CAPTURE(key);
    CHECK(page.str().find(".TP\n.B " + std::string(key) + "\n") != std::string::npos);
  }
  for (std::string_view key : expect_keys()) {
    CAPTURE(key);
    CHECK(page.str().find(".TP\n.B " + std::string(key) + "\n") != std::string::npos);
  }
}
