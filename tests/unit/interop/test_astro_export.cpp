// `export --to astro`: one route rule per rule, keyed by its pattern as written, with the options
// merged from [defaults]. That Astro's own matching picks the same rule and options is tested by
// tests/interop (interop-astro-strict).
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

using namespace cachectl;

namespace {

// Exports `toml` (which must load) to the format under test.
ExportResult
export_text(std::string_view toml, bool lossy = false)
{
  return test::export_text(toml, ExportFormat::astro, lossy);
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("astro: patterns as written, [defaults] merged, tags on every entry")
{
  const ExportResult r = export_text(R"(version = 1
[site]
base = "/docs"
trailing_slash = "never"
[defaults]
max_age = 60
tags = ["site"]
[routes."/[lang]-[version]/[...path]"]
swr = 30
tags = ["docs", "site"]
[routes."/search"]
tags = []
)");
  REQUIRE_FALSE(r.refused);
  CHECK(r.diagnostics.empty());
  const auto document = nlohmann::ordered_json::parse(r.text);
  REQUIRE(document.size() == 2);
  CHECK(document.begin().key() == "/[lang]-[version]/[...path]"); // declaration order
  CHECK(document["/search"] == nlohmann::json::parse(R"({"maxAge": 60, "tags": ["site"]})"));
  CHECK(document["/[lang]-[version]/[...path]"] ==
        nlohmann::json::parse(R"({"maxAge": 60, "swr": 30, "tags": ["site", "docs"]})"));
}

TEST_CASE("astro: a rule without maxAge, swr or tags still holds its place")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/blog/[slug]"]
swr = 10
[routes."/blog/[...rest]"]
max_age = 600
[routes."/blog/draft"]
)");
  REQUIRE_FALSE(r.refused);
  const auto document = nlohmann::json::parse(r.text);
  // Astro drops a rule with none of the three; `tags: []` keeps it, so it still wins.
  CHECK(document["/blog/draft"] == nlohmann::json::parse(R"({"tags": []})"));
}

TEST_CASE("astro: options a route rule has no field for, opt-outs, tags from parameters")
{
  const ExportResult r = export_text(R"(version = 1
[defaults]
vary = ["Accept-Encoding"]
[routes."/assets/[...file]"]
max_age = 31536000
immutable = true
[routes."/admin/[...rest]"]
cache = false
[routes."/p/[id]"]
max_age = 60
tags = ["p", "p:{id}"]
)");
  CHECK(r.refused);
  CHECK(r.text.empty());
  REQUIRE(r.diagnostics.size() == 4);
  for (const auto& d : r.diagnostics) {
    CHECK(d.code == "export-inexpressible");
  }
  CHECK(r.diagnostics[0].message.find("[defaults] vary") != std::string::npos);
  CHECK(r.diagnostics[0].span.begin.line == 3);
  CHECK(r.diagnostics[1].message.find("immutable") != std::string::npos);
  CHECK(r.diagnostics[2].message.find("cache = false") != std::string::npos);
  CHECK(r.diagnostics[3].message.find("a tag made from a parameter") != std::string::npos);
  const ExportResult lossy = export_text(R"(version = 1
[routes."/admin/[...rest]"]
cache = false
[routes."/p/[id]"]
max_age = 60
tags = ["p", "p:{id}"]
)",
                                         true);
  CHECK_FALSE(lossy.refused);
  const auto document = nlohmann::json::parse(lossy.text);
  CHECK(document["/admin/[...rest]"] == nlohmann::json::parse(R"({"maxAge": 0, "tags": []})"));
  CHECK(document["/p/[id]"] == nlohmann::json::parse(R"({"maxAge": 60, "tags": ["p"]})"));
}

TEST_CASE("astro: request conditions a route rule cannot see")
{
  const ExportResult r = export_text(R"(version = 1
[bypass]
cookies = ["session"]
[routes."/[...page]"]
max_age = 60
statuses = [200]
)");
  CHECK(r.refused);
  CHECK(r.diagnostics.size() == 2);
}

TEST_SUITE_END();
