// `import`: the flattening of layered platform rules into single-winner rules, the options read
// back from headers, and what is refused. That the platforms' own code agrees is tested by
// tests/interop/roundtrip.
#include "interop/header_options.hpp"

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

} // namespace

TEST_SUITE("import")
{
  TEST_CASE("options read back from headers, with durations")
  {
    const interop::HeaderMap headers = {
        {"cache-control", "public, max-age=0, must-revalidate"},
        {"netlify-cdn-cache-control", "public, max-age=3600, stale-while-revalidate=90"},
        {"netlify-cache-tag", "a, b"},
        {"netlify-vary", "query=q|page,cookie=ab"}};
    CHECK(interop::options_from_headers(headers, "netlify") ==
          std::vector<std::string>{"max_age = \"1h\"",
                                   "swr = 90",
                                   "public = true",
                                   "cache_key = { query = [\"q\", \"page\"], cookies = [\"ab\"] }",
                                   "must_revalidate = true",
                                   "tags = [\"a\", \"b\"]"});
    CHECK(interop::options_from_headers({{"cache-control", "private, no-store"}}, "vercel") ==
          std::vector<std::string>{"cache = false"});
    CHECK(interop::comparable_value("cache-control", "Max-Age=1,public") ==
          interop::comparable_value("cache-control", "public, max-age=1"));
    CHECK(interop::comparable_value("cache-tag", "b,a") == "a, b");
    CHECK(interop::duration_text(31536000) == "\"1y\"");
    CHECK(interop::duration_text(90) == "90");
  }

  TEST_CASE("Netlify layering is flattened: a more specific rule gets the broader one's headers")
  {
    const auto result = import_config("/*\n  Netlify-CDN-Cache-Control: public, max-age=60\n"
                                      "  Cache-Control: public, max-age=0, must-revalidate\n"
                                      "  X-Frame-Options: DENY\n"
                                      "/blog/:slug\n  Netlify-Cache-Tag: blog\n",
                                      "_headers",
                                      ImportFormat::netlify_headers,
                                      {});
    REQUIRE_FALSE(result.refused);
    CHECK(has_code(result, "import-dropped", 4));
    const auto config = parse_config(result.text, "cache.toml");
    REQUIRE(config);
    CHECK(config->provider == "netlify");
    REQUIRE(config->rules.size() == 2);
    const Rule& blog = config->rules[0];
    CHECK(blog.pattern.source() == "/blog/[slug]");
    CHECK(blog.options.max_age == 60);
    CHECK(blog.options.tags == std::vector<std::string>{"blog"});
    CHECK(result.text.find("# from _headers:1 (/*), _headers:5 (/blog/:slug)") !=
          std::string::npos);
  }

  TEST_CASE("what single-winner rules cannot keep is refused at its line, or written with --lossy")
  {
    // `/api/*` opts out, but Netlify still lays `/*`'s CDN header over it.
    const std::string text = "/*\n  Netlify-CDN-Cache-Control: public, max-age=60\n"
                             "/api/:v/*\n  Cache-Control: private, no-store\n";
    const auto refused = import_config(text, "_headers", ImportFormat::netlify_headers, {});
    CHECK(refused.refused);
    CHECK(refused.text.empty());
    CHECK(has_code(refused, "import-inexpressible", 1));
    const auto lossy = import_config(text, "_headers", ImportFormat::netlify_headers, {true});
    CHECK_FALSE(lossy.refused);
    CHECK(has_code(lossy, "import-lossy", 1));
    CHECK(parse_config(lossy.text, "cache.toml"));
  }

  TEST_CASE("Cloudflare: detached and appended headers, the path without its splat")
  {
    const auto result =
        import_config("/*\n  Cache-Tag: site\n  Cache-Control: max-age=0\n"
                      "  Cloudflare-CDN-Cache-Control: max-age=60\n"
                      "/css/*\n  ! Cloudflare-CDN-Cache-Control\n"
                      "  Cloudflare-CDN-Cache-Control: max-age=600\n  Cache-Tag: css\n",
                      "_headers",
                      ImportFormat::cloudflare_pages,
                      {});
    REQUIRE_FALSE(result.refused);
    const auto config = parse_config(result.text, "cache.toml");
    REQUIRE(config);
    const auto css = std::ranges::find_if(
        config->rules, [](const Rule& r) { return r.pattern.source() == "/css/[...splat]"; });
    REQUIRE(css != config->rules.end());
    CHECK(css->options.max_age == 600);
    CHECK(css->options.tags == std::vector<std::string>{"site", "css"});
    // `/css` itself is not matched by `/css/*`: it keeps `/*`'s headers.
    CHECK(std::ranges::any_of(config->rules, [](const Rule& r) {
      return r.pattern.source() == "/css" && r.options.max_age == 60;
    }));
  }

  TEST_CASE("Cloudflare: a `! Cache-Control` nothing sets again leaves none, which is a loss")
  {
    // pages-shared deletes the asset server's own Cache-Control too; a cache.toml rule without
    // one gets that value back from the export, so the URL would differ.
    const std::string text = "/*\n  Cache-Control: public, max-age=0, must-revalidate\n"
                             "  Cloudflare-CDN-Cache-Control: max-age=600\n"
                             "/downloads/*\n  ! Cache-Control\n  ! Cloudflare-CDN-Cache-Control\n"
                             "  Cache-Tag: dl\n";
    const auto refused = import_config(text, "_headers", ImportFormat::cloudflare_pages, {});
    CHECK(refused.refused);
    CHECK(has_code(refused, "import-inexpressible", 4));
    const auto lossy = import_config(text, "_headers", ImportFormat::cloudflare_pages, {true});
    CHECK_FALSE(lossy.refused);
    CHECK(has_code(lossy, "import-lossy", 4));
    // Detached and set again by a later rule: exact.
    const auto reset = import_config(text + "/downloads/*\n  Cache-Control: max-age=60\n",
                                     "_headers",
                                     ImportFormat::cloudflare_pages,
                                     {});
    CHECK_FALSE(reset.refused);
    // Detaching a header without an asset default (the CDN's own) leaves it absent: exact.
    const auto cdn = import_config("/*\n  Cache-Control: public, max-age=0, must-revalidate\n"
                                   "  Cloudflare-CDN-Cache-Control: max-age=600\n"
                                   "/downloads/*\n  ! Cloudflare-CDN-Cache-Control\n"
                                   "  Cache-Tag: dl\n",
                                   "_headers",
                                   ImportFormat::cloudflare_pages,
                                   {});
    CHECK_FALSE(cdn.refused);
  }

  TEST_CASE("two rules' shared URL is checked with the `/` a platform rest needs")
  {
    // path-to-regexp's `/(.*)` needs its `/` even when the rest is empty, so the shortest path
    // both imported patterns match (`/de/docs`) is matched by one platform rule only; on
    // `/de/docs/` both apply, and the single winner `/de/[...path]` lacks the Vary.
    const auto vercel =
        import_config("{\"headers\": [\n"
                      "  {\"source\": \"/:lang/docs/(.*)\", \"headers\": [{\"key\": \"Vary\", "
                      "\"value\": \"Accept-Language\"}]},\n"
                      "  {\"source\": \"/:lang(en|de)/(.*)\", \"headers\": [{\"key\": "
                      "\"Cache-Control\", \"value\": \"max-age=60\"}]}\n]}\n",
                      "vercel.json",
                      ImportFormat::vercel_json,
                      {});
    CHECK(vercel.refused);
    CHECK(has_code(vercel, "import-inexpressible", 2));
    // Cloudflare's `/*` needs its `/` too.
    const auto cloudflare = import_config(
        "/:lang/docs/*\n  Vary: Accept-Language\n/en/*\n  Cache-Control: max-age=60\n",
        "_headers",
        ImportFormat::cloudflare_pages,
        {});
    CHECK(cloudflare.refused);
    CHECK(has_code(cloudflare, "import-inexpressible", 1));
  }

  TEST_CASE("vercel.json: conditions and regular expressions are losses; syntax errors refuse")
  {
    const auto result = import_config(
        "{\"headers\": [{\"source\": \"/(.*)\", \"has\": [{\"type\": \"cookie\", \"key\": \"s\"}],"
        " \"headers\": [{\"key\": \"Cache-Control\", \"value\": \"max-age=1\"}]}]}",
        "vercel.json",
        ImportFormat::vercel_json,
        {});
    CHECK(result.refused);
    CHECK(has_code(result, "import-inexpressible", 1));
    const auto broken = import_config("{", "vercel.json", ImportFormat::vercel_json, {true});
    CHECK(broken.refused);
    CHECK(broken.malformed);
  }

  TEST_CASE("format names")
  {
    CHECK(import_format_names().size() == 6);
    CHECK(parse_import_format("nitro") == ImportFormat::nitro);
    CHECK(parse_import_format("astro") == ImportFormat::astro);
    CHECK(parse_import_format("cloudflare-pages") == ImportFormat::cloudflare_pages);
    CHECK_FALSE(parse_import_format("nginx"));
  }
}
