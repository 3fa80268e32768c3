// The TTL headers: targeted fields per profile, TTL caps, private and TTL-less rules.
#include "headers_support.hpp"

#include <cachectl/headers/headers.hpp>

#include <doctest/doctest.h>

using namespace cachectl;
using namespace cachectl::test;

TEST_SUITE_BEGIN("headers");

TEST_CASE("targeted fields parse back as RFC 9651 dictionaries with the intended members")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 300
swr = 60
stale_if_error = 86400
must_revalidate = true
[providers.netlify]
durable = true
[providers.cloudflare]
cdn_header = "CDN-Cache-Control"
)");
  struct Expected {
    std::string_view provider;
    std::string_view header;
    SfDict members;
  };
  // must_revalidate stays out of every CDN-only header: there it would forbid the stale windows
  // (RFC 9111 5.2.2.2); browsers get it in Cache-Control.
  const std::vector<Expected> cases = {
      {"generic",
       "CDN-Cache-Control",
       {{"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"stale-if-error", sf_int(86400)}}},
      // `[providers.cloudflare] cdn_header` picks the standard field.
      {"cloudflare",
       "CDN-Cache-Control",
       {{"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"stale-if-error", sf_int(86400)}}},
      // Netlify: `public, max-age=…, stale-while-revalidate=…, durable`.
      {"netlify",
       "Netlify-CDN-Cache-Control",
       {{"public", sf_bool(true)},
        {"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"durable", sf_bool(true)}}},
      {"vercel",
       "Vercel-CDN-Cache-Control",
       {{"max-age", sf_int(300)}, {"stale-while-revalidate", sf_int(60)}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.provider);
    const HeaderSet set = render(config, "/a", c.provider);
    const auto values = values_of(set, c.header);
    REQUIRE(values.size() == 1);
    const auto parsed = SfParser(values[0]).dictionary();
    REQUIRE(parsed);
    CHECK(*parsed == c.members);
    // The browser's Cache-Control keeps must-revalidate (RFC 9111 5.2.2.2).
    CHECK(values_of(set, "Cache-Control") ==
          std::vector<std::string>{"max-age=0, must-revalidate"});
  }
  CHECK(values_of(render(config, "/a", "cloudflare"), "Cloudflare-CDN-Cache-Control").empty());
}

TEST_CASE("TTL caps: Vercel s-maxage at most 31,536,000 s, Cloud CDN 31,622,400 s")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 40000000\n");
  HeaderSet set = render(config, "/a", "vercel");
  CHECK(values_of(set, "Vercel-CDN-Cache-Control") == std::vector<std::string>{"max-age=31536000"});
  CHECK(set.warnings ==
        std::vector<std::string>{"max_age 40000000 is above the 31536000 s Vercel honours; "
                                 "written as 31536000"});
  set = render(config, "/a", "google");
  CHECK(values_of(set, "Cache-Control") ==
        std::vector<std::string>{"public, max-age=0, s-maxage=31622400"});
  set = render(config, "/a", "azure");
  CHECK(values_of(set, "Cache-Control") ==
        std::vector<std::string>{"max-age=0, s-maxage=31622400"}); // 366 days
  CHECK(render(config, "/a", "cloudflare").warnings.empty());
}

TEST_CASE("private = true and rules without TTLs")
{
  const Config config = load(R"(version = 1
[routes."/me"]
private = true
max_age = 120
tags = ["user"]
vary = ["Cookie"]
[routes."/tags-only"]
tags = ["t"]
)");
  // RFC 9111 5.2.2.7: private keeps shared caches out; the TTL is the browser's.
  CHECK(render(config, "/me", "vercel").headers ==
        hs({{"Cache-Control", "private, max-age=120"}, {"Vary", "Cookie"}}));
  CHECK(render(config, "/me", "vercel").warnings.empty()); // Vary: Cookie is fine without a CDN
  // No TTL set: nothing is invented, tags are still written.
  CHECK(render(config, "/tags-only", "cloudflare").headers == hs({{"Cache-Tag", "t"}}));
}

TEST_SUITE_END();
