// `headers`: golden headers per provider, limits, escaping, and the structured-field output read
// back by an RFC 9651 parser written here (independent of the generator's serializer).
#include "headers_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

using namespace cachectl;
using namespace cachectl::test;

namespace {

// One expected rendering.
struct Golden {
  std::string_view provider;
  std::vector<Header> headers;
};

// Checks every provider of `goldens` against `config` for `url`; every header provider must be
// covered.
void
check_goldens(const Config& config, std::string_view url, const std::vector<Golden>& goldens)
{
  CHECK(goldens.size() == header_providers().size());
  for (const auto& golden : goldens) {
    CAPTURE(golden.provider);
    CHECK(render(config, url, golden.provider).headers == golden.headers);
  }
}

} // namespace

TEST_SUITE_BEGIN("headers");

TEST_CASE("encode_tag: percent-encodes what the provider forbids, never truncates")
{
  const TagSyntax& cloudflare = cloudflare_provider.tags;
  const TagSyntax& fastly = fastly_provider.tags;
  const TagSyntax& akamai = akamai_provider.tags;
  // Cloudflare: printable ASCII, no spaces; the comma separates (purge-by-tags page).
  CHECK(encode_tag(cloudflare, "post:hello") == "post:hello");
  CHECK(encode_tag(cloudflare, "a b,c") == "a%20b%2Cc");
  // `%` itself is encoded so decoding is unambiguous: "100%" and "100%25" stay different.
  CHECK(encode_tag(cloudflare, "100%") == "100%25");
  CHECK(encode_tag(cloudflare, "100%25") == "100%2525");
  CHECK(encode_tag(cloudflare, "caf\xc3\xa9") == "caf%C3%A9");
  CHECK(encode_tag(cloudflare, std::string("a\0b\r\n", 5)) == "a%00b%0D%0A");
  // Fastly: space-separated keys; a comma is an ordinary byte there.
  CHECK(encode_tag(fastly, "a,b c") == "a,b%20c");
  // Akamai: letters, digits and ! # $ % & ' + . ^ _ ` | ~ - only (add-cache-tags).
  CHECK(encode_tag(akamai, "post:a/b") == "post%3Aa%2Fb");
  CHECK(encode_tag(akamai, "a!#$&'+.^_`|~-z") == "a!#$&'+.^_`|~-z");
  // Cache-Groups strings may hold commas (an sf-string, RFC 9875 §2).
  CHECK(encode_tag(generic_provider.tags, "a,b") == "a,b");
}

TEST_CASE("every header profile: max_age only")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 300\n");
  check_goldens(
      config,
      "/a",
      {
          // RFC 9213 §2: CDN-Cache-Control is a dictionary read by CDNs only; browsers get
          // max-age=0 so the CDN TTL never reaches them (DESIGN.md, Providers).
          {"generic", hs({{"Cache-Control", "max-age=0"}, {"CDN-Cache-Control", "max-age=300"}})},
          // Cloudflare-CDN-Cache-Control: Cloudflare only, not passed on (cdn-cache-control page).
          {"cloudflare",
           hs({{"Cache-Control", "max-age=0"}, {"Cloudflare-CDN-Cache-Control", "max-age=300"}})},
          // Surrogate-Control: max-age=… (Fastly Surrogate-Control reference).
          {"fastly", hs({{"Cache-Control", "max-age=0"}, {"Surrogate-Control", "max-age=300"}})},
          // Edge-Control: cache-maxage=<n><unit> (http.dev/edge-control; 300 s = 5m).
          {"akamai", hs({{"Cache-Control", "max-age=0"}, {"Edge-Control", "cache-maxage=5m"}})},
          // Netlify's examples: `public, max-age=…` in Netlify-CDN-Cache-Control.
          {"netlify",
           hs({{"Cache-Control", "max-age=0"},
               {"Netlify-CDN-Cache-Control", "public, max-age=300"}})},
          // Vercel-CDN-Cache-Control: max-age=… (vercel.com/guides/set-cache-control-headers).
          {"vercel",
           hs({{"Cache-Control", "max-age=0"}, {"Vercel-CDN-Cache-Control", "max-age=300"}})},
          // No CDN-only header: s-maxage for shared caches (RFC 9111 5.2.2.10), `public` as
          // Bunny integrations send it.
          {"bunny", hs({{"Cache-Control", "public, max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (CloudFront Expiration.html).
          {"cloudfront", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // USE_ORIGIN_HEADERS needs `public` plus s-maxage/max-age
          // (cloud.google.com/cdn/docs/caching).
          {"google", hs({{"Cache-Control", "public, max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (front-door-caching).
          {"azure", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (cache_rfc2616.c).
          {"varnish", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // X-Accel-Expires: seconds, first (ngx_http_upstream.c; see providers/nginx.cpp).
          {"nginx", hs({{"X-Accel-Expires", "300"}, {"Cache-Control", "max-age=0"}})},
      });
}

TEST_CASE("every header profile: max_age + swr + stale_if_error + browser_max_age")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 300\nswr = 60\n"
                             "stale_if_error = 86400\nbrowser_max_age = 30\n");
  check_goldens(
      config,
      "/a",
      {
          // RFC 5861 directives keep their meaning in a targeted field (RFC 9213 §2.1).
          {"generic",
           hs({{"Cache-Control", "max-age=30"},
               {"CDN-Cache-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // Cloudflare honours both stale directives (concepts/cache-control).
          {"cloudflare",
           hs({{"Cache-Control", "max-age=30"},
               {"Cloudflare-CDN-Cache-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // beresp.stale_while_revalidate / stale_if_error read from Surrogate-Control.
          {"fastly",
           hs({{"Cache-Control", "max-age=30"},
               {"Surrogate-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // No documented stale directive in Edge-Control: only cache-maxage.
          {"akamai", hs({{"Cache-Control", "max-age=30"}, {"Edge-Control", "cache-maxage=5m"}})},
          // Netlify honours stale-while-revalidate; stale-if-error is undocumented.
          {"netlify",
           hs({{"Cache-Control", "max-age=30"},
               {"Netlify-CDN-Cache-Control", "public, max-age=300, stale-while-revalidate=60"}})},
          // Vercel: stale-while-revalidate honoured, stale-if-error not supported.
          {"vercel",
           hs({{"Cache-Control", "max-age=30"},
               {"Vercel-CDN-Cache-Control", "max-age=300, stale-while-revalidate=60"}})},
          // Bunny documents neither stale directive.
          {"bunny", hs({{"Cache-Control", "public, max-age=30, s-maxage=300"}})},
          // CloudFront supports both since May 2023.
          {"cloudfront",
           hs({{"Cache-Control",
                "max-age=30, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // Cloud CDN honours stale-while-revalidate (serving-stale-content).
          {"google",
           hs({{"Cache-Control", "public, max-age=30, s-maxage=300, stale-while-revalidate=60"}})},
          // Front Door: no stale directive documented.
          {"azure", hs({{"Cache-Control", "max-age=30, s-maxage=300"}})},
          // Varnish: stale-while-revalidate becomes grace; stale-if-error is not read.
          {"varnish",
           hs({{"Cache-Control", "max-age=30, s-maxage=300, stale-while-revalidate=60"}})},
          // nginx reads both from Cache-Control only.
          {"nginx",
           hs({{"X-Accel-Expires", "300"},
               {"Cache-Control", "max-age=30, stale-while-revalidate=60, stale-if-error=86400"}})},
      });
  const HeaderSet akamai = render(config, "/a", "akamai");
  CHECK(akamai.notes.at(0) == "Akamai does not document stale-while-revalidate; swr = 60 left out");
  CHECK(akamai.warnings.empty());
}

TEST_CASE("every header profile: immutable assets")
{
  const Config config = load("version = 1\n[routes.\"/assets/[...f]\"]\nmax_age = 31536000\n"
                             "browser_max_age = 31536000\nimmutable = true\n");
  // RFC 8246: immutable is a browser hint, so it is in the browser's Cache-Control only; the TTL
  // headers follow the same sources as the max_age-only case above.
  check_goldens(
      config,
      "/assets/app.js",
      {
          {"generic",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"CDN-Cache-Control", "max-age=31536000"}})},
          {"cloudflare",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Cloudflare-CDN-Cache-Control", "max-age=31536000"}})},
          {"fastly",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Surrogate-Control", "max-age=31536000"}})},
          // 31,536,000 s = 365 days.
          {"akamai",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Edge-Control", "cache-maxage=365d"}})},
          {"netlify",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Netlify-CDN-Cache-Control", "public, max-age=31536000"}})},
          // Exactly Vercel's 1-year cap: not capped.
          {"vercel",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Vercel-CDN-Cache-Control", "max-age=31536000"}})},
          {"bunny",
           hs({{"Cache-Control", "public, max-age=31536000, s-maxage=31536000, immutable"}})},
          {"cloudfront", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"google",
           hs({{"Cache-Control", "public, max-age=31536000, s-maxage=31536000, immutable"}})},
          {"azure", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"varnish", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"nginx",
           hs({{"X-Accel-Expires", "31536000"}, {"Cache-Control", "max-age=31536000, immutable"}})},
      });
}

TEST_CASE("every header profile: tags with separators, escaping and templates")
{
  const Config config = load(R"(version = 1
[routes."/blog/[slug]"]
max_age = 60
tags = ["blog", "post:{slug}", "a b", "x,y", "100%"]
[providers.cloudfront]
tag_header = "x-amz-meta-cache-tag"
)");
  const std::vector<std::pair<std::string_view, std::vector<std::string>>> expected = {
      // RFC 9875 §2: Cache-Groups is an SF List of sf-strings; a comma is fine inside one.
      {"generic", {"\"blog\", \"post:hello\", \"a%20b\", \"x,y\", \"100%25\""}},
      // Cache-Tag: comma-separated, printable ASCII without spaces (purge-by-tags).
      {"cloudflare", {"blog,post:hello,a%20b,x%2Cy,100%25"}},
      // Surrogate-Key: space-separated (Surrogate-Key reference).
      {"fastly", {"blog post:hello a%20b x,y 100%25"}},
      // Edge-Cache-Tag: comma-separated; `:` and `,` are not in Akamai's set (add-cache-tags).
      {"akamai", {"blog,post%3Ahello,a%20b,x%2Cy,100%25"}},
      {"netlify", {"blog,post:hello,a%20b,x%2Cy,100%25"}}, // comma-separated (platform/caching)
      {"vercel", {"blog,post:hello,a%20b,x%2Cy,100%25"}},  // comma-separated (cdn-cache)
      {"bunny", {"blog,post:hello,a%20b,x%2Cy,100%25"}},   // comma assumed (unconfirmed)
      // CacheTagConfig: comma-separated, ASCII 33–126 except comma, in the configured header.
      {"cloudfront", {"blog,post:hello,a%20b,x%2Cy,100%25"}},
      {"google", {"blog,post:hello,a%20b,x%2Cy,100%25"}},  // comma assumed (unconfirmed)
      {"azure", {}},                                       // no cache tags
      {"varnish", {"blog,post:hello,a%20b,x%2Cy,100%25"}}, // xkey splits on comma too
      {"nginx", {}},                                       // no cache tags
  };
  CHECK(expected.size() == header_providers().size());
  for (const auto& [provider, values] : expected) {
    CAPTURE(provider);
    const HeaderSet set = render(config, "/blog/hello", provider);
    const ProviderInfo* info = find_provider(provider);
    const std::string header =
        provider == "cloudfront" ? "x-amz-meta-cache-tag" : std::string(info->tags.header);
    CHECK(values_of(set, header) == values);
    if (!values.empty()) {
      // Each escaped tag is reported once; none is dropped.
      const auto escaped =
          std::count_if(set.warnings.begin(), set.warnings.end(), [](const auto& w) {
            return w.find(" is written as `") != std::string::npos;
          });
      CHECK(escaped == (provider == "akamai"                            ? 4
                        : provider == "fastly" || provider == "generic" ? 2
                                                                        : 3));
    } else {
      CHECK(set.notes.back().find("has no cache tags; 5 tags not written") != std::string::npos);
    }
  }
  const HeaderSet akamai = render(config, "/blog/hello", "akamai");
  CHECK(akamai.warnings.at(0) ==
        "tag `post:hello` is written as `post%3Ahello` in Edge-Cache-Tag: Akamai does not accept "
        "`:` in a tag");
  // The Cache-Groups value parses back as a List of Strings (RFC 9651 §4.2.1).
  const auto groups =
      SfParser(values_of(render(config, "/blog/hello", "generic"), "Cache-Groups")[0]).list();
  REQUIRE(groups);
  CHECK(
      *groups ==
      std::vector<SfValue>{
          sf_str("blog"), sf_str("post:hello"), sf_str("a%20b"), sf_str("x,y"), sf_str("100%25")});
}

TEST_CASE("CloudFront writes tags only into the header its CacheTagConfig names")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\ntags = [\"t\"]\n");
  const HeaderSet set = render(config, "/a", "cloudfront");
  // invalidation-specifying-tags: distributions without CacheTagConfig ignore tag headers.
  CHECK(set.headers == hs({{"Cache-Control", "max-age=0, s-maxage=60"}}));
  CHECK(set.warnings == std::vector<std::string>{
                            "tags not written: Amazon CloudFront reads tags only from the header "
                            "its configuration names; set `tag_header` in [providers.cloudfront]"});
}

TEST_CASE("every header profile: cache = false, bypass, status and method give private, no-store")
{
  const Config config = load(R"(version = 1
[defaults]
vary = ["Accept-Encoding"]
etag = "\"v1\""
[bypass]
cookies = ["session"]
headers = ["Authorization"]
query = ["preview"]
[routes."/a"]
max_age = 300
tags = ["t"]
[routes."/off"]
cache = false
)");
  Request cookie;
  cookie.headers.emplace_back("Cookie", "session=1");
  Request auth;
  auth.headers.emplace_back("Authorization", "Bearer x");
  Request error;
  error.status = 500;
  Request post;
  post.method = "POST";
  for (const ProviderInfo* provider : header_providers()) {
    CAPTURE(provider->name);
    // DESIGN.md, Conditions: `Cache-Control: private, no-store` and no CDN or tag headers
    // (RFC 9111 5.2.2.5 no-store, 5.2.2.7 private); no Vary, no validators.
    const auto no_store = hs({{"Cache-Control", "private, no-store"}});
    CHECK(render(config, "/off", provider->name).headers == no_store);
    CHECK(render(config, "/a", provider->name, cookie).headers == no_store);
    CHECK(render(config, "/a", provider->name, auth).headers == no_store);
    CHECK(render(config, "/a?preview=1", provider->name).headers == no_store);
    CHECK(render(config, "/a", provider->name, error).headers == no_store);
    CHECK(render(config, "/a", provider->name, post).headers == no_store);
    // The same request without the trait is cached.
    CHECK(render(config, "/a?x=1", provider->name).headers.front().value != "private, no-store");
  }
}

TEST_CASE("every header profile: Last-Modified and ETag")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\nlast_modified = "
                             "\"2024-05-01T12:00:00+02:00\"\netag = \"W/\\\"v1\\\"\"\n");
  for (const ProviderInfo* provider : header_providers()) {
    CAPTURE(provider->name);
    const HeaderSet set = render(config, "/a", provider->name);
    REQUIRE(set.headers.size() >= 2);
    // RFC 9110 8.8.3: the entity tag as validated; RFC 9110 5.6.7: IMF-fixdate in GMT
    // (12:00 at +02:00 is 10:00 GMT).
    CHECK(set.headers[set.headers.size() - 2] == Header{"ETag", "W/\"v1\""});
    CHECK(set.headers.back() == Header{"Last-Modified", "Wed, 01 May 2024 10:00:00 GMT"});
  }
  // nginx does not store an ETag longer than NGX_HTTP_CACHE_ETAG_LEN (128).
  const Config long_etag = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\netag = \"\\\"" +
                                std::string(130, 'e') + "\\\"\"\n");
  CHECK(
      render(long_etag, "/a", "nginx").warnings ==
      std::vector<std::string>{"the ETag is 132 bytes; nginx does not store one longer than 128"});
  CHECK(render(long_etag, "/a", "cloudflare").warnings.empty());
}

TEST_CASE("Vary: refusals are warnings, values that are not field names are left out")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 60
vary = ["Accept-Encoding", "Cookie", "*"]
)");
  const HeaderSet vercel = render(config, "/a", "vercel");
  CHECK(values_of(vercel, "Vary") == std::vector<std::string>{"Accept-Encoding, Cookie, *"});
  CHECK(vercel.warnings ==
        std::vector<std::string>{
            "Vercel does not cache a response with `Vary: Cookie`",
            "`Vary: *` makes the response unusable for any later request (RFC 9111 4.1)"});
  // The loader refuses a vary entry that is not a field name; a policy built otherwise still
  // never writes one.
  Policy policy;
  policy.options.max_age = 60;
  policy.options.vary = std::vector<std::string>{"Accept-Encoding", "Bad Header"};
  const HeaderSet generic = generate_headers(*find_provider("generic"), policy);
  CHECK(values_of(generic, "Vary") == std::vector<std::string>{"Accept-Encoding"});
  CHECK(generic.warnings ==
        std::vector<std::string>{"vary entry `Bad Header` is not a field name; left out of Vary"});
  // Akamai caches only Accept-Encoding variance (rm-vary-header).
  const HeaderSet akamai = render(config, "/a", "akamai");
  CHECK(akamai.warnings.at(0) == "Akamai does not cache a response with `Vary: Cookie`");
}

namespace {

// A cacheable policy with max_age 60 and these tags.
Policy
tagged(std::vector<std::string> tags)
{
  Policy policy;
  policy.options.max_age = 60;
  policy.options.tags = std::move(tags);
  return policy;
}

// `count` tags `<prefix>000`, `<prefix>001`, … each `width` bytes long.
std::vector<std::string>
many_tags(std::size_t count, std::size_t width, char fill = 'x')
{
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < count; ++i) {
    std::string tag = std::to_string(1000 + i).substr(1);
    tag.resize(width, fill);
    tags.push_back(tag);
  }
  return tags;
}

// Every tag written in the `header` lines of `set`, split at `separator`.
std::vector<std::string>
written_tags(const HeaderSet& set, std::string_view header, char separator)
{
  std::vector<std::string> out;
  for (const auto& value : values_of(set, header)) {
    std::size_t start = 0;
    while (true) {
      const std::size_t end = value.find(separator, start);
      out.push_back(value.substr(start, end - start));
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
  return out;
}

} // namespace

TEST_CASE("limits: Akamai reads 128 tags of at most 128 characters, on one line")
{
  // add-cache-tags: ≤128 characters per tag, ≤128 tags per object, only the first line read.
  std::vector<std::string> tags = many_tags(130, 4);
  tags.insert(tags.begin(), std::string(129, 'L'));
  tags.insert(tags.begin(), std::string(127, 'e') + ":"); // 130 bytes once `:` is encoded
  const HeaderSet set = generate_headers(akamai_provider, tagged(tags));
  CHECK(values_of(set, "Edge-Cache-Tag").size() == 1);
  const auto written = written_tags(set, "Edge-Cache-Tag", ',');
  CHECK(written == std::vector<std::string>(tags.begin() + 2, tags.begin() + 130));
  CHECK(set.warnings ==
        std::vector<std::string>{
            "tag `" + std::string(127, 'e') + ":` is written as `" + std::string(127, 'e') +
                "%3A` in Edge-Cache-Tag: Akamai does not accept `:` in a tag",
            "tag `" + std::string(24, 'e') +
                "…` is 130 bytes; Akamai accepts at most 128 in Edge-Cache-Tag; "
                "left out",
            "tag `" + std::string(24, 'L') +
                "…` is 129 bytes; Akamai accepts at most 128 in Edge-Cache-Tag; "
                "left out",
            "130 tags; Akamai reads at most 128 per response; left out 2: `128x`, "
            "`129x`"});
}

TEST_CASE("limits: CloudFront 50 tags of at most 256 characters; Vercel 128 of 256")
{
  ProviderSettings settings;
  settings.name = "cloudfront";
  settings.values["tag_header"] = "Cache-Tag";
  std::vector<std::string> tags = many_tags(51, 6);
  tags.push_back(std::string(257, 'L'));
  // invalidation-specifying-tags: 256 characters per tag, 50 tags per object.
  HeaderSet set = generate_headers(cloudfront_provider, tagged(tags), &settings);
  CHECK(written_tags(set, "Cache-Tag", ',') ==
        std::vector<std::string>(tags.begin(), tags.begin() + 50));
  CHECK(set.warnings.size() == 2);
  CHECK(set.warnings[1] ==
        "51 tags; Amazon CloudFront reads at most 50 per response; left out 1: `050xxx`");
  // Vercel: Next.js cacheTag's 256 characters and 128 tags (the closest documented bound).
  set = generate_headers(vercel_provider, tagged(many_tags(129, 3)));
  CHECK(written_tags(set, "Vercel-Cache-Tag", ',').size() == 128);
}

TEST_CASE("limits: Cloudflare 16 KB of Cache-Tag, 1,024 bytes per tag, tags never cut")
{
  std::vector<std::string> tags = many_tags(20, 1000);
  tags.insert(tags.begin() + 1, std::string(1025, 'L'));
  const HeaderSet set = generate_headers(cloudflare_provider, tagged(tags));
  // purge-by-tags: the header value is capped at 16 KB; 16 tags of 1,000 bytes and 15 commas
  // take 16,015 bytes, a 17th would take 17,016.
  const auto written = written_tags(set, "Cache-Tag", ',');
  std::vector<std::string> expected(tags.begin(), tags.begin() + 17);
  expected.erase(expected.begin() + 1);
  CHECK(written == expected);
  CHECK(values_of(set, "Cache-Tag").at(0).size() == 16015);
  CHECK(set.warnings.at(1) ==
        "the tags do not fit in Cache-Tag: Cloudflare reads at most 16384 bytes over all its "
        "lines; left out 4 tags: `016" +
            std::string(997, 'x') + "`, `017" + std::string(997, 'x') + "`, `018" +
            std::string(997, 'x') + "`, …");
}

TEST_CASE("limits: Fastly 16,384 bytes of Surrogate-Key, 1,024 bytes per key; Bunny 1,024")
{
  std::vector<std::string> tags = many_tags(17, 1000);
  tags.push_back(std::string(1025, 'L'));
  // Surrogate-Key reference: keys ≤1,024 bytes; only keys inside the first 16,384 bytes apply.
  HeaderSet set = generate_headers(fastly_provider, tagged(tags));
  CHECK(written_tags(set, "Surrogate-Key", ' ') ==
        std::vector<std::string>(tags.begin(), tags.begin() + 16));
  CHECK(set.warnings.size() == 2);
  // Bunny: CDN-Tag values are limited to 1,024 bytes (purge-cache): 10 tags of 100 = 1,009.
  set = generate_headers(bunny_provider, tagged(many_tags(11, 100)));
  CHECK(values_of(set, "CDN-Tag").at(0).size() == 1009);
  CHECK(written_tags(set, "CDN-Tag", ',').size() == 10);
}

TEST_CASE("limits: Varnish splits xkey over lines of at most 8,192 bytes")
{
  const std::vector<std::string> tags = many_tags(20, 1000);
  const HeaderSet set = generate_headers(varnish_provider, tagged(tags));
  // http_resp_hdr_len (8k) limits each backend header line; xkey reads every xkey line.
  const auto lines = values_of(set, "xkey");
  REQUIRE(lines.size() == 3);
  for (const auto& line : lines) {
    CHECK(std::string("xkey: ").size() + line.size() <= 8192);
  }
  CHECK(written_tags(set, "xkey", ',') == tags); // every tag, whole, in order
  CHECK(set.warnings ==
        std::vector<std::string>{
            "the tags are split over 3 xkey lines (Varnish (xkey) reads at most 8192 bytes per "
            "line)"});
}

TEST_CASE("a targeted field that cannot be an RFC 9651 dictionary is left out, not broken")
{
  Policy policy;
  policy.options.max_age = 1'000'000'000'000'000; // 16 digits: beyond an sf-integer (§3.3.1)
  const HeaderSet set = generate_headers(generic_provider, policy);
  CHECK(values_of(set, "CDN-Cache-Control").empty());
  CHECK(set.warnings == std::vector<std::string>{"CDN-Cache-Control cannot be written as an RFC "
                                                 "9651 dictionary (a value beyond "
                                                 "999,999,999,999,999); left out"});
}

TEST_CASE("an empty tag is left out, duplicates after escaping are written once")
{
  const HeaderSet set = generate_headers(cloudflare_provider, tagged({"", "a", "a"}));
  CHECK(values_of(set, "Cache-Tag") == std::vector<std::string>{"a"});
  CHECK(set.warnings == std::vector<std::string>{"an empty tag is left out of Cache-Tag"});
}

TEST_CASE("header_providers: every provider but the http webhook, in documentation order")
{
  std::vector<std::string_view> names;
  for (const ProviderInfo* provider : header_providers()) {
    names.push_back(provider->name);
    CHECK_FALSE(provider->headers.precedence.empty());
  }
  CHECK(names == std::vector<std::string_view>{"generic",
                                               "cloudflare",
                                               "fastly",
                                               "akamai",
                                               "netlify",
                                               "vercel",
                                               "bunny",
                                               "cloudfront",
                                               "google",
                                               "azure",
                                               "varnish",
                                               "nginx"});
  CHECK_FALSE(http_provider.headers.available);
}

TEST_SUITE_END();
