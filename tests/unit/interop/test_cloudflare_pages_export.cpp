// `export --to cloudflare-pages`: the file's shape and every refusal. That the file means what
// cachectl means under Cloudflare's own code is tested by tests/interop (differential).
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
  return test::export_text(toml, ExportFormat::cloudflare_pages, lossy);
}

// The position of `needle` in `text` (npos when absent).
std::size_t
at(const std::string& text, std::string_view needle)
{
  return text.find(needle);
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("export names its formats and parses them back")
{
  for (std::string_view name : export_format_names()) {
    CHECK(parse_export_format(name).has_value());
  }
  CHECK_FALSE(parse_export_format("netlify").has_value());
}

TEST_CASE("cloudflare-pages: least specific rule first, each later rule detaching what came before")
{
  const ExportResult r = export_text(R"(version = 1
[site]
trailing_slash = "never"
[routes."/blog/[slug]"]
max_age = 300
tags = ["blog"]
[routes."/blog/featured"]
max_age = 60
[routes."/api/[...rest]"]
cache = false
)");
  REQUIRE_FALSE(r.refused);
  CHECK(r.diagnostics.empty());
  const std::string& t = r.text;
  // `/blog/featured` ranks above `/blog/[slug]`, so it comes later and wins on Cloudflare.
  REQUIRE(at(t, "\n/blog/:slug\n") != std::string::npos);
  REQUIRE(at(t, "\n/blog/featured\n") != std::string::npos);
  CHECK(at(t, "\n/blog/:slug\n") < at(t, "\n/blog/featured\n"));
  // The featured post detaches the tag it does not have, and its own TTL follows a detach.
  const std::string featured = t.substr(at(t, "\n/blog/featured\n"));
  CHECK(featured.find("  ! cache-tag\n") != std::string::npos);
  CHECK(featured.find("  ! cache-control\n") < featured.find("  Cache-Control: max-age=0\n"));
  // A rest is written twice: absent (`/api`) and as a splat.
  CHECK(at(t, "\n/api\n") != std::string::npos);
  CHECK(at(t, "\n/api/*\n") != std::string::npos);
  CHECK(at(t, "Cache-Control: private, no-store\n") != std::string::npos);
  // "never": no path ends in `/`.
  CHECK(at(t, "/\n  ") == std::string::npos);
}

TEST_CASE("cloudflare-pages: trailing-slash modes and the base")
{
  const ExportResult always = export_text(R"(version = 1
[site]
base = "/docs"
trailing_slash = "always"
[routes."/"]
max_age = 60
[routes."/[page]"]
max_age = 60
)");
  REQUIRE_FALSE(always.refused);
  CHECK(at(always.text, "\n/docs/\n") != std::string::npos);
  CHECK(at(always.text, "\n/docs/:page/\n") != std::string::npos);
  CHECK(at(always.text, "\n/docs/:page\n") == std::string::npos);
  // `/docs` is Astro's 301 under "always": its last rule takes everything back.
  const std::size_t redirect = at(always.text, "\n/docs\n");
  REQUIRE(redirect != std::string::npos);
  CHECK(always.text.find("  cache-control: public, max-age=0, must-revalidate\n", redirect) !=
        std::string::npos);

  const ExportResult ignore = export_text(R"(version = 1
[routes."/[page]"]
max_age = 60
)");
  CHECK(at(ignore.text, "\n/:page\n") != std::string::npos);
  CHECK(at(ignore.text, "\n/:page/\n") != std::string::npos);
}

TEST_CASE("cloudflare-pages: refuses request-dependent options at their keys")
{
  const ExportResult r = export_text(R"(version = 1
[bypass]
cookies = ["session"]
[routes."/a/[...rest]"]
max_age = 60
methods = ["GET"]
statuses = [200]
[routes."/a/[...rest]".status]
404 = 30
)");
  CHECK(r.refused);
  CHECK(r.text.empty());
  REQUIRE(r.diagnostics.size() == 4);
  for (const Diagnostic& d : r.diagnostics) {
    CHECK(d.severity == Severity::error);
    CHECK(d.code == "export-inexpressible");
    CHECK(d.span.file == "cache.toml");
  }
  CHECK(r.diagnostics[0].span.begin.line == 3); // cookies
  CHECK(r.diagnostics[0].message.find("cookie `session`") != std::string::npos);
  CHECK(r.diagnostics[1].span.begin.line == 6); // methods: HEAD is lost
  CHECK(r.diagnostics[1].message.find("HEAD requests") != std::string::npos);
  CHECK(r.diagnostics[2].span.begin.line == 7); // statuses
  CHECK(r.diagnostics[3].span.begin.line == 9); // 404 = 30
}

TEST_CASE("cloudflare-pages: patterns placeholders cannot match, and tags from parameters")
{
  const std::string_view toml = R"(version = 1
[routes."/p/x[id]y"]
max_age = 1
[routes."/d/[...a]/e/[...b]"]
max_age = 1
[routes."/t/at:noon"]
max_age = 1
[routes."/blog/[slug]"]
max_age = 1
tags = ["post:{slug}"]
)";
  const ExportResult strict = export_text(toml);
  CHECK(strict.refused);
  REQUIRE(strict.diagnostics.size() == 4);
  CHECK(strict.diagnostics[0].span.begin.line == 2);
  CHECK(strict.diagnostics[1].span.begin.line == 4);
  CHECK(strict.diagnostics[2].span.begin.line == 6);
  CHECK(strict.diagnostics[3].span.begin.line == 8);

  // --lossy writes what it can: the placeholder in the tag, warnings instead of errors.
  const ExportResult lossy = export_text(toml, true);
  CHECK_FALSE(lossy.refused);
  CHECK(lossy.diagnostics.size() == 4);
  for (const Diagnostic& d : lossy.diagnostics) {
    CHECK(d.severity == Severity::warning);
    CHECK(d.code == "export-lossy");
  }
  CHECK(at(lossy.text, "  Cache-Tag: post::slug\n") != std::string::npos);
  CHECK(at(lossy.text, "x:idy") == std::string::npos);
}

TEST_CASE("cloudflare-pages: an ETag that a more specific rule would have to give back")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/[...p]"]
max_age = 60
etag = '"v1"'
[routes."/a"]
max_age = 5
)");
  CHECK(r.refused);
  REQUIRE_FALSE(r.diagnostics.empty());
  for (const Diagnostic& d : r.diagnostics) {
    CHECK(d.span.begin.line == 5); // at the rule without `etag`
    CHECK(d.message.find("without `etag`") != std::string::npos);
  }
}

TEST_SUITE_END();
