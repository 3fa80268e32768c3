// Real-world setups written as cache.toml produce what the platforms' own code and docs send,
// byte for byte (issue 12: per-audience directives, per-status TTLs, the cache key).
#include "headers_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cachectl;
using namespace cachectl::test;

namespace {

// A request for a response with `code`.
Request
status(std::int64_t code)
{
  Request request;
  request.status = code;
  return request;
}

// `Name: value` lines.
std::string
lines(const HeaderSet& set)
{
  std::string out;
  for (const auto& header : set.headers) {
    out += header.name + ": " + header.value + "\n";
  }
  return out;
}

// True when some note contains `text`.
bool
noted(const HeaderSet& set, std::string_view text)
{
  for (const auto& note : set.notes) {
    if (note.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_SUITE_BEGIN("headers");

TEST_CASE("Nitro's Netlify `isr` setup, byte for byte")
{
  // What Nitro's Netlify preset sends for `routeRules: { "/rules/isr-ttl": { isr: 60 } }`:
  // https://github.com/nitrojs/nitro/blob/main/test/presets/netlify.test.ts ("matching ISR route
  // rule with a max-age"), the pattern Netlify's caching guide recommends
  // (https://docs.netlify.com/platform/caching/ : browsers revalidate, the CDN keeps it).
  const Config config = load(R"(version = 1
[defaults]
public = true
must_revalidate = true
[routes."/rules/isr-ttl"]
max_age = "1m"
swr = "1y"
[providers.netlify]
durable = true
)");
  CHECK(lines(render(config, "/rules/isr-ttl", "netlify")) ==
        "Cache-Control: public, max-age=0, must-revalidate\n"
        "Netlify-CDN-Cache-Control: public, max-age=60, stale-while-revalidate=31536000, "
        "durable\n");
}

TEST_CASE("must_revalidate reaches only browsers wherever a CDN-only header exists")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 3600
swr = 60
must_revalidate = true
)");
  for (const ProviderInfo* provider : header_providers()) {
    CAPTURE(provider->name);
    const HeaderSet set = render(config, "/a", provider->name);
    for (const auto& header : set.headers) {
      if (header.name == "Cache-Control") {
        CHECK(header.value.find("must-revalidate") != std::string::npos);
      } else {
        // Netlify-/Cloudflare-/Vercel-CDN-Cache-Control, CDN-Cache-Control, Surrogate-Control,
        // Edge-Control: the CDN's stale window stays usable (RFC 9111 5.2.2.2).
        CHECK(header.value.find("must-revalidate") == std::string::npos);
      }
    }
  }
}

TEST_CASE("browser directives: stale windows and no-cache for browsers only")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = "1h"
swr = "1d"
browser_max_age = 60
browser_swr = 30
browser_stale_if_error = "1d"
browser_no_cache = true
)");
  CHECK(lines(render(config, "/a", "cloudflare")) ==
        "Cache-Control: max-age=60, stale-while-revalidate=30, stale-if-error=86400, no-cache\n"
        "Cloudflare-CDN-Cache-Control: max-age=3600, stale-while-revalidate=86400\n");
  // One Cache-Control for both audiences: the CDN's swr wins, no-cache is left out.
  const HeaderSet cloudfront = render(config, "/a", "cloudfront");
  CHECK(lines(cloudfront) ==
        "Cache-Control: max-age=60, s-maxage=3600, stale-while-revalidate=86400, "
        "stale-if-error=86400\n");
  CHECK(noted(cloudfront, "browser_swr = 30 is left out"));
  CHECK(noted(cloudfront, "browser_no_cache left out"));
  CHECK(noted(cloudfront,
              "browser_stale_if_error = 86400 is in Cache-Control, which the CDN "
              "reads too"));
}

TEST_CASE("TTL per status: exact status, then class, then the negative default")
{
  const Config config = load(R"(version = 1
[defaults]
max_age = "1y"
browser_max_age = "1h"
[defaults.status]
"3xx" = "1d"
[routes."/a"]
statuses = [200, 301, 404, 410, 503]
[routes."/a".status]
404 = "5m"
"5xx" = 10
[routes."/b"]
negative_max_age = 30
)");
  CHECK(lines(render(config, "/a", "vercel", status(200))) ==
        "Cache-Control: max-age=3600\nVercel-CDN-Cache-Control: max-age=31536000\n");
  const HeaderSet not_found = render(config, "/a", "vercel", status(404));
  CHECK(lines(not_found) == "Cache-Control: max-age=300\nVercel-CDN-Cache-Control: max-age=300\n");
  CHECK(noted(not_found, "status 404: TTL 300 s from status.\"404\" (cache.toml:10:1)"));
  CHECK(lines(render(config, "/a", "vercel", status(301))) ==
        "Cache-Control: max-age=3600\nVercel-CDN-Cache-Control: max-age=86400\n");
  CHECK(lines(render(config, "/a", "vercel", status(503))) ==
        "Cache-Control: max-age=10\nVercel-CDN-Cache-Control: max-age=10\n");
  // No entry: a 410 keeps at most the negative TTL, 180 s unless set.
  const HeaderSet gone = render(config, "/a", "vercel", status(410));
  CHECK(lines(gone) == "Cache-Control: max-age=180\nVercel-CDN-Cache-Control: max-age=180\n");
  CHECK(noted(gone, "negative_max_age = 180 s (the default"));
  const HeaderSet b = render(config, "/b", "vercel", status(404));
  CHECK(lines(b) == "Cache-Control: max-age=30\nVercel-CDN-Cache-Control: max-age=30\n");
  CHECK(noted(b, "negative_max_age = 30 s (cache.toml:13:1)"));
}

TEST_CASE("the cache key: Netlify-Vary on Netlify, a note where the platform configures it")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 60
cache_key = { query = ["page", "sort"], cookies = ["ab_test"], headers = ["X-Country"] }
)");
  // Netlify's own runtime writes `query=…,header=…,cookie=…` joined by "," (@netlify/plugin-nextjs,
  // src/run/headers.ts generateNetlifyVaryValues); https://docs.netlify.com/platform/caching/
  const HeaderSet netlify = render(config, "/a", "netlify");
  CHECK(netlify.headers.back().name == "Netlify-Vary");
  CHECK(netlify.headers.back().value == "query=page|sort,header=X-Country,cookie=ab_test");
  for (const ProviderInfo* provider : header_providers()) {
    if (provider->name == "netlify") {
      continue;
    }
    CAPTURE(provider->name);
    const HeaderSet set = render(config, "/a", provider->name);
    CHECK(noted(set, "takes the cache key from"));
    CHECK(!provider->headers.cache_key_note.empty());
  }
}

TEST_CASE("vary = [\"query=page\"] is refused by the loader, pointing to cache_key")
{
  const LoadedConfig loaded = read_config_text(
      "version = 1\n[routes.\"/a\"]\nvary = [\"query=page|sort\"]\n", "cache.toml");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(format_short(loaded.diagnostics[0]) ==
        "cache.toml:3:9: error: `vary` entry \"query=page|sort\" is not a request header name, so "
        "it cannot be written into Vary; the cache key is its own option: cache_key = { query = "
        "[\"page\", \"sort\"] }");
}

TEST_CASE("foreign spellings of keys are suggested")
{
  CHECK(suggest_key(KeyScope::options, "staleWhileRevalidate") == "swr");
  CHECK(suggest_key(KeyScope::options, "stale-while-revalidate") == "swr");
  CHECK(suggest_key(KeyScope::options, "s_maxage") == "max_age");
  CHECK(suggest_key(KeyScope::options, "sMaxAge") == "max_age");
  CHECK(suggest_key(KeyScope::options, "maxAge") == "max_age");
  CHECK(suggest_key(KeyScope::options, "cacheControl") == "max_age");
  CHECK(suggest_key(KeyScope::options, "staleIfError") == "stale_if_error");
  CHECK(suggest_key(KeyScope::options, "isr") == "max_age");
  CHECK(suggest_key(KeyScope::options, "Netlify-Vary") == "cache_key");
  CHECK(suggest_key(KeyScope::options, "cacheTags") == "tags");
  CHECK(suggest_key(KeyScope::options, "Surrogate-Key") == "tags");
}

TEST_SUITE_END();
