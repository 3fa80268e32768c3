// `import --from nitro` and `--from astro`: radix3's matchAll as ported, the Cache-Control of
// Nitro's cached handler, the merge order, and Astro's one-to-one rules. That nitropack's and
// Astro's own code agree is tested by tests/interop/roundtrip.
#include "interop/header_options.hpp"
#include "interop/radix3_matcher.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/interop/import.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace cachectl;

namespace {

bool
has_code(const ImportResult& result, std::string_view code, std::uint32_t line)
{
  return std::ranges::any_of(result.diagnostics, [&](const Diagnostic& d) {
    return d.code == code && d.span.begin.line == line;
  });
}

bool
holds(const std::string& text, std::string_view what)
{
  return text.find(what) != std::string::npos;
}

ImportResult
nitro(std::string_view text, bool lossy = false)
{
  return import_config(text, "rules.json", ImportFormat::nitro, ImportOptions{lossy});
}

} // namespace

TEST_SUITE("import-route-rules")
{
  TEST_CASE("radix3 matchAll: wildcards by prefix length, placeholders, then the exact path")
  {
    const interop::Radix3Matcher matcher({"/**", "/blog/**", "/blog/*", "/blog/post", "/*"});
    CHECK(matcher.match_all("/blog/post") == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(matcher.match_all("/blog/post/") == std::vector<std::size_t>{0, 1, 2, 3});
    CHECK(matcher.match_all("/blog/a/b") == std::vector<std::size_t>{0, 1});
    CHECK(matcher.match_all("/blog") == std::vector<std::size_t>{0, 1, 4});
    // radix3's `*` at the start also matches the empty path.
    CHECK(matcher.match_all("/") == std::vector<std::size_t>{0, 4});
    CHECK(matcher.match_all("/Blog/post") == std::vector<std::size_t>{0}); // case-sensitive
  }

  TEST_CASE("radix3 quirks: a later placeholder spelling under one prefix replaces the earlier")
  {
    const interop::Radix3Matcher matcher({"/a/*/b", "/a/:x/c", "/x/**/y"});
    CHECK(matcher.match_all("/a/1/b").empty());
    CHECK(matcher.match_all("/a/1/c") == std::vector<std::size_t>{1});
    CHECK(matcher.match_all("/x/1/y").empty());
  }

  TEST_CASE("Nitro: the first rule in radix3's merge order that sets a header wins")
  {
    const auto result = nitro(R"({
  "/**": { "headers": { "cache-control": "max-age=0", "CDN-Cache-Control": "max-age=60" } },
  "/blog/*": { "headers": { "CDN-Cache-Control": "max-age=600" } }
})");
    REQUIRE(!result.refused);
    CHECK(holds(result.text, "provider = \"generic\""));
    CHECK(holds(result.text, "[routes.\"/blog/[p1]\"]\nmax_age = \"10m\""));
    CHECK(holds(result.text, "[routes.\"/[...path]\"]\nmax_age = \"1m\""));
  }

  TEST_CASE("Nitro: swr's Cache-Control replaces the headers' one and cannot be kept")
  {
    const std::string text = R"({
  "/**": { "swr": 600, "headers": { "Cache-Control": "max-age=0" } }
})";
    const auto refused = nitro(text);
    CHECK(refused.refused);
    CHECK(std::ranges::any_of(refused.diagnostics, [](const Diagnostic& d) {
      return d.code == "import-inexpressible" &&
             holds(d.message, "`cache-control: s-maxage=600, stale-while-revalidate`");
    }));
    const auto lossy = nitro(text, true);
    REQUIRE(!lossy.refused);
    CHECK(holds(lossy.text, "max_age = \"10m\"")); // s-maxage, the nearest option
  }

  TEST_CASE("Nitro: cache.maxAge without swr is max-age; cache: false and prerender turn it off")
  {
    const auto result = nitro(R"({
  "/**": { "cache": { "maxAge": 60, "name": "pages" } },
  "/api/**": { "cache": false, "headers": { "Cache-Control": "private, no-store" } },
  "/about": { "prerender": true, "headers": { "Cache-Control": "max-age=5" } }
})");
    REQUIRE(!result.refused);
    CHECK(holds(result.text, "[routes.\"/[...path]\"]\nbrowser_max_age = \"1m\""));
    CHECK(holds(result.text, "[routes.\"/api/[...path]\"]\ncache = false"));
    CHECK(holds(result.text, "[routes.\"/about\"]\nbrowser_max_age = 5"));
    CHECK(has_code(result, "import-dropped", 2)); // cache.name: Nitro's storage
  }

  TEST_CASE("Nitro: isr is a loss, redirect a note, bad values syntax errors")
  {
    const auto isr = nitro(R"({ "nitro": { "routeRules": {
  "/p/**": { "isr": 60, "redirect": "/q" } } } })");
    CHECK(isr.refused);
    CHECK(has_code(isr, "import-inexpressible", 2));
    CHECK(has_code(isr, "import-dropped", 2));
    const auto bad = nitro("{\n  \"/a\": { \"swr\": \"soon\" },\n  \"/b\": 3\n}");
    CHECK(bad.malformed);
    CHECK(has_code(bad, "import-syntax", 2));
    CHECK(has_code(bad, "import-syntax", 3));
    CHECK(nitro("[1]").malformed);
    CHECK(nitro("{\"routeRules\": []}").malformed);
  }

  TEST_CASE("Nitro: a `**` before the end, or `*` inside a segment, has no pattern")
  {
    const auto result = nitro(R"({
  "/x/**/y": { "headers": { "Cache-Control": "max-age=1" } },
  "/a*b": { "headers": { "Cache-Control": "max-age=2" } }
})");
    CHECK(result.refused);
    CHECK(has_code(result, "import-inexpressible", 2));
    CHECK(has_code(result, "import-inexpressible", 3));
  }

  TEST_CASE("Astro: one rule per key, in the JSON's key order; what Astro refuses or drops")
  {
    const auto result = import_config(R"({ "routeRules": {
  "/[...path]": { "maxAge": 60 },
  "blog/[slug]/": { "maxAge": 600, "swr": 60, "tags": ["blog", "post:{slug}"] },
  "/x": { "other": 1 }
} })",
                                      "astro.json",
                                      ImportFormat::astro,
                                      ImportOptions{true});
    REQUIRE(!result.refused);
    CHECK(result.text.find("[routes.\"/[...path]\"]") <
          result.text.find("[routes.\"/blog/[slug]\"]"));
    CHECK(holds(result.text, "max_age = \"10m\"\nswr = \"1m\"\ntags = [\"blog\"]"));
    CHECK(has_code(result, "import-lossy", 3));   // a `{` in a tag
    CHECK(has_code(result, "import-dropped", 4)); // no maxAge, swr or tags
    auto config = parse_config(result.text, "cache.toml");
    CHECK(config.has_value());
    const auto bad = import_config(R"({"/a": {"maxAge": 1.5}, "/b": {"tags": "x"}})",
                                   "astro.json",
                                   ImportFormat::astro,
                                   ImportOptions{});
    CHECK(bad.malformed);
    CHECK(std::ranges::count(bad.diagnostics, std::string("import-syntax"), &Diagnostic::code) ==
          2);
  }

  TEST_CASE("generic profile: CDN-Cache-Control and Cache-Groups read back")
  {
    const interop::HeaderMap headers = {{"cache-control", "max-age=0"},
                                        {"cdn-cache-control", "max-age=3600"},
                                        {"cache-groups", R"("shop", "a\"b")"}};
    CHECK(interop::options_from_headers(headers, "generic") ==
          std::vector<std::string>{"max_age = \"1h\"", R"(tags = ["shop", "a\"b"])"});
  }
}
