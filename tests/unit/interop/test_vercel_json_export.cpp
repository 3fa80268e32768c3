// `export --to vercel-json`: one entry per rule whose source excludes the higher-priority rules
// it overlaps. That Vercel's own code reads it as cachectl means is tested by tests/interop.
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>

using namespace cachectl;

namespace {

// Exports `toml` (which must load) to the format under test.
ExportResult
export_text(std::string_view toml, bool lossy = false)
{
  return test::export_text(toml, ExportFormat::vercel_json, lossy);
}

// The sources of the entries whose regular expression (as routing-utils anchors it) matches
// `path`.
std::vector<std::string>
matching(const nlohmann::json& document, const std::string& path)
{
  std::vector<std::string> out;
  for (const auto& entry : document["headers"]) {
    const std::string source = entry["source"];
    if (std::regex_match(path, std::regex(source, std::regex::ECMAScript))) {
      out.push_back(source);
    }
  }
  return out;
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("vercel-json: every path matches the entry of its winning rule only")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/blog/[slug]"]
max_age = 300
[routes."/blog/featured"]
max_age = 60
[routes."/[...rest]"]
max_age = 5
)");
  REQUIRE_FALSE(r.refused);
  const auto document = nlohmann::json::parse(r.text);
  REQUIRE(document["headers"].size() == 3);
  for (const auto& entry : document["headers"]) {
    const std::string source = entry["source"];
    // One group holding the whole expression; inside it, path-to-regexp refuses capturing
    // groups, so every `(` that is not escaped opens `(?`.
    REQUIRE(source.size() > 2);
    CHECK(source.front() == '(');
    CHECK(source.back() == ')');
    const std::string inner = source.substr(1, source.size() - 2);
    CHECK_FALSE(std::regex_search(inner, std::regex(R"((^|[^\\])\((?!\?))")));
  }
  for (const char* path : {"/blog/featured", "/blog/hello", "/blog/hello/", "/", "/x/y", "/blog"}) {
    CAPTURE(path);
    CHECK(matching(document, path).size() == 1);
  }
  const auto featured = matching(document, "/blog/featured");
  REQUIRE(featured.size() == 1);
  CHECK(featured[0] == "(/blog/featured/?)");
}

TEST_CASE("vercel-json: a base, its 301 spelling, and tags from parameters")
{
  const ExportResult r = export_text(R"(version = 1
[site]
base = "/docs"
trailing_slash = "never"
[routes."/[...page]"]
max_age = 60
tags = ["page", "p:{page}"]
)",
                                     true);
  REQUIRE_FALSE(r.refused);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "export-lossy");
  const auto document = nlohmann::json::parse(r.text);
  CHECK(matching(document, "/docs").size() == 1);
  CHECK(matching(document, "/docs/a/b").size() == 1);
  CHECK(matching(document, "/docs/").empty()); // Astro's 301
  CHECK(matching(document, "/other").empty());
  // The parameter's tag is left out; the static one stays.
  CHECK(r.text.find("\"value\": \"page\"") != std::string::npos);
  CHECK(export_text(R"(version = 1
[routes."/[...page]"]
tags = ["p:{page}"]
)")
            .refused);
}

TEST_SUITE_END();
