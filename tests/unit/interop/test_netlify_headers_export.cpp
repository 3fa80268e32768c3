// `export --to netlify-headers`: rule order, rests without bleeding, and the refusals (a header
// that would leak, mixed segments, strict trailing slashes). tests/interop runs the file through
// @netlify/headers-parser.
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using namespace cachectl;

namespace {

// Exports `toml` (which must load) to the format under test.
ExportResult
export_text(std::string_view toml, bool lossy = false)
{
  return test::export_text(toml, ExportFormat::netlify_headers, lossy);
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("netlify-headers: the most specific rule last, rests as one segment then a splat")
{
  const ExportResult r = export_text(R"(version = 1
[defaults]
tags = ["site"]
[routes."/blog/[...path]"]
max_age = 3600
[routes."/blog/[slug]"]
max_age = 300
[routes."/blog/featured"]
max_age = 60
)");
  REQUIRE_FALSE(r.refused);
  const std::string& t = r.text;
  const auto rest = t.find("\n/blog/:path/*\n");
  const auto slug = t.find("\n/blog/:slug\n");
  const auto featured = t.find("\n/blog/featured\n");
  REQUIRE(rest != std::string::npos);
  CHECK(t.find("\n/blog\n") != std::string::npos); // the rest matching nothing
  CHECK(rest < slug);
  CHECK(slug < featured);
  CHECK(t.find("/blog/*") == std::string::npos); // would also match /blogger
}

TEST_CASE("netlify-headers: refuses a header a less specific rule would leak, with an example")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/[...page]"]
max_age = 60
tags = ["pages"]
[routes."/api/[...rest]"]
cache = false
)");
  CHECK(r.refused);
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].span.begin.line == 5);
  CHECK(r.diagnostics[0].message.find("netlify-cache-tag") != std::string::npos);
  CHECK(r.diagnostics[0].message.find("`/api`") != std::string::npos);
}

TEST_CASE("netlify-headers: mixed segments, strict trailing slashes, tags from parameters")
{
  const ExportResult r = export_text(R"(version = 1
[site]
trailing_slash = "always"
[routes."/p/a-[x].json"]
max_age = 1
[routes."/b/[slug]"]
max_age = 1
tags = ["post:{slug}"]
)",
                                     true);
  CHECK_FALSE(r.refused);
  REQUIRE(r.diagnostics.size() == 3);
  CHECK(r.diagnostics[0].span.begin.line == 3); // trailing_slash
  CHECK(r.diagnostics[1].span.begin.line == 4); // a-[x].json
  CHECK(r.diagnostics[2].span.begin.line == 6); // post:{slug}
  CHECK(r.text.find("a-") == std::string::npos);
  CHECK(r.text.find("\n/b/:slug\n") != std::string::npos);
  CHECK(r.text.find("post:") == std::string::npos);
}

TEST_CASE("netlify-toml: the same rules as [[headers]] tables, in the same order")
{
  const std::string_view toml = R"(version = 1
[routes."/blog/[slug]"]
max_age = 300
[routes."/blog/featured"]
max_age = 60
)";
  const ExportResult file = export_text(toml);
  const ExportResult tables = test::export_text(toml, ExportFormat::netlify_toml);
  REQUIRE_FALSE(tables.refused);
  const auto slug = tables.text.find("[[headers]]\n  for = \"/blog/:slug\"\n  [headers.values]\n"
                                     "    Cache-Control = \"max-age=0\"\n");
  const auto featured = tables.text.find("  for = \"/blog/featured\"\n");
  REQUIRE(slug != std::string::npos);
  CHECK(slug < featured);
  CHECK(file.text.find("\n/blog/:slug\n") < file.text.find("\n/blog/featured\n"));
  // A refusal names the netlify.toml target.
  const ExportResult refused = test::export_text(R"(version = 1
[routes."/p/a-[x]"]
max_age = 1
)",
                                                 ExportFormat::netlify_toml);
  REQUIRE(refused.diagnostics.size() == 1);
  CHECK(refused.diagnostics[0].message.starts_with("netlify.toml `[[headers]]` cannot express"));
}

TEST_SUITE_END();
