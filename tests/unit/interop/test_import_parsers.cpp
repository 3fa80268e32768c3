// The import parsers (`_headers` of Netlify and Cloudflare, netlify.toml, vercel.json) and the
// platforms' path syntax read as regular expressions and cache.toml patterns.
#include "interop/headers_file_import.hpp"
#include "interop/netlify_toml_import.hpp"
#include "interop/platform_paths.hpp"
#include "interop/vercel_json_import.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

using namespace cachectl;
using namespace cachectl::interop;

namespace {

bool
matches(const PathShape& shape, const std::string& path)
{
  const auto flags =
      shape.icase ? std::regex::ECMAScript | std::regex::icase : std::regex::ECMAScript;
  return std::regex_match(path, std::regex(shape.regex, flags));
}

} // namespace

TEST_SUITE("import")
{
  TEST_CASE("Netlify _headers: paths, joined repeats, ignored lines, errors at line:col")
  {
    const auto file =
        parse_headers_file("# comment\n/blog/*\n  Cache-Control: max-age=60\n"
                           "  Cache-Control: public\n  no colon here\n\n/a\n  X: y:z\n",
                           "_headers",
                           HeadersFlavour::netlify);
    REQUIRE(file.diagnostics.empty());
    REQUIRE(file.rules.size() == 2);
    CHECK(file.rules[0].path == "/blog/*");
    CHECK(file.rules[0].pos == SourcePos{2, 1});
    REQUIRE(file.rules[0].ops.size() == 1);
    CHECK(file.rules[0].ops[0].value == "max-age=60, public");
    CHECK(file.rules[0].ops[0].pos == SourcePos{3, 3});
    CHECK(file.rules[1].ops[0].value == "y:z");

    const auto bad = parse_headers_file(
        "Cache-Control: max-age=1\n/x\n  Vary:\n", "_headers", HeadersFlavour::netlify);
    REQUIRE(bad.diagnostics.size() == 2);
    CHECK(bad.diagnostics[0].code == "import-syntax");
    CHECK(bad.diagnostics[0].span.begin == SourcePos{1, 1});
    CHECK(bad.diagnostics[1].span.begin == SourcePos{3, 3});
  }

  TEST_CASE("Cloudflare _headers: `! name` detaches, names lowercased, a path needs headers")
  {
    const auto file = parse_headers_file(
        "/a/*\n  ! Cache-Control\n  Cache-Tag: A\n", "_headers", HeadersFlavour::cloudflare);
    REQUIRE(file.diagnostics.empty());
    REQUIRE(file.rules[0].ops.size() == 2);
    CHECK(file.rules[0].ops[0].detach);
    CHECK(file.rules[0].ops[0].name == "Cache-Control");
    CHECK(file.rules[0].ops[1].name == "cache-tag");
    CHECK(file.rules[0].ops[1].value == "A");

    const auto bad =
        parse_headers_file("/a\n/b\n  x y: z\n", "_headers", HeadersFlavour::cloudflare);
    REQUIRE(bad.diagnostics.size() >= 2);
    CHECK(bad.diagnostics[0].message.find("without header lines") != std::string::npos);
    CHECK(bad.diagnostics[1].message.find("space") != std::string::npos);
  }

  TEST_CASE("netlify.toml: [[headers]] with array values; errors at the TOML position")
  {
    const auto file = parse_netlify_toml("[build]\ncommand = \"x\"\n[[headers]]\nfor = \"/p/:id\"\n"
                                         "[headers.values]\nVary = [\"Accept\", \"Origin\"]\n",
                                         "netlify.toml");
    REQUIRE(file.diagnostics.empty());
    REQUIRE(file.rules.size() == 1);
    CHECK(file.rules[0].path == "/p/:id");
    CHECK(file.rules[0].pos.line == 4);
    CHECK(file.rules[0].ops[0].value == "Accept, Origin");

    const auto bad = parse_netlify_toml("[[headers]]\nfor = 3\n", "netlify.toml");
    REQUIRE(bad.diagnostics.size() == 1);
    CHECK(bad.diagnostics[0].span.begin.line == 2);
    CHECK(!parse_netlify_toml("x = = 1\n", "netlify.toml").diagnostics.empty());
  }

  TEST_CASE("vercel.json: sources at their line, `has` kept as a condition, JSON errors")
  {
    const auto file =
        parse_vercel_json("{\"headers\": [\n {\"source\": \"/a\",\n  \"has\": [{\"type\": "
                          "\"query\", \"key\": \"x\"}],\n"
                          "  \"headers\": [{\"key\": \"Vary\", \"value\": \"Origin\"}]}]}\n",
                          "vercel.json");
    REQUIRE(file.diagnostics.empty());
    REQUIRE(file.rules.size() == 1);
    CHECK(file.rules[0].pos == SourcePos{2, 13});
    CHECK(file.rules[0].condition.find("has") != std::string::npos);
    const auto bad = parse_vercel_json("{\n  \"headers\": [,]\n}\n", "vercel.json");
    REQUIRE(bad.diagnostics.size() == 1);
    CHECK(bad.diagnostics[0].span.begin.line == 2);
  }

  TEST_CASE("Netlify paths: `:name` one segment, `*` anything with an optional `/` before it")
  {
    const auto splat = netlify_path("/blog/*");
    CHECK(splat.patterns == std::vector<std::string>{"/blog/[...splat]"});
    CHECK(matches(splat, "/blog"));
    CHECK(matches(splat, "/BLOG/a/b"));
    CHECK(matches(splat, "/blogger")); // the bleed
    CHECK(splat.bleed == "/blogx");
    const auto after_param = netlify_path("/:lang/*");
    CHECK(after_param.bleed.empty());
    CHECK(after_param.patterns == std::vector<std::string>{"/[lang]/[...splat]"});
    CHECK(netlify_path("/a/b*c").problem.find("wildcard") != std::string::npos);
    CHECK(netlify_path("/").patterns == std::vector<std::string>{"/"});
  }

  TEST_CASE("Cloudflare paths: exact, `*` needs its `/`, so the path without it is a class too")
  {
    const auto splat = cloudflare_path("/blog/*");
    CHECK(splat.patterns == std::vector<std::string>{"/blog/[...splat]", "/blog"});
    CHECK(!matches(splat, "/blog"));
    CHECK(matches(splat, "/blog/"));
    CHECK(!matches(splat, "/Blog/x"));
    const auto file = cloudflare_path("/:name.json");
    CHECK(file.patterns == std::vector<std::string>{"/[name].json"});
    CHECK(file.placeholders == std::vector<std::string>{"name"});
    CHECK(!cloudflare_path("https://example.com/*").problem.empty());
  }

  TEST_CASE("vercel.json sources: path-to-regexp parameters, rests and word groups")
  {
    const auto rest = vercel_source("/docs/:path*");
    CHECK(rest.patterns == std::vector<std::string>{"/docs/[...path]"});
    CHECK(matches(rest, "/docs"));
    CHECK(matches(rest, "/docs/a/b"));
    CHECK(!matches(rest, "/docs/"));
    const auto any = vercel_source("/assets/(.*)");
    CHECK(any.patterns == std::vector<std::string>{"/assets", "/assets/[...path]"});
    CHECK(!matches(any, "/assets"));
    const auto words = vercel_source("/:lang(en|de)/pricing");
    CHECK(words.patterns == std::vector<std::string>{"/en/pricing", "/de/pricing"});
    CHECK(vercel_source("/a/:p+").patterns == std::vector<std::string>{"/a/[p]/[...p_rest]"});
    CHECK(vercel_source("/a/:p?").patterns == std::vector<std::string>{"/a", "/a/[p]"});
    CHECK(!vercel_source("/files/(\\d+)").problem.empty());
    CHECK(!vercel_source("/{a}").problem.empty());
  }
}
