// `[site] origins` against the host of a URL given to match/headers (issue 12, item 8).
#include <cachectl/config/config.hpp>
#include <cachectl/config/origins.hpp>
#include <cachectl/pattern/url.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_SUITE_BEGIN("config");

TEST_CASE("foreign_origin_note: a host outside [site] origins is said so, a path never")
{
  Config config;
  config.origins = {"https://www.example.com", "https://example.com:8443"};
  const auto note = [&](std::string_view input) {
    const auto url = normalize_url(input);
    REQUIRE(url.has_value());
    return foreign_origin_note(config, *url);
  };
  CHECK(!note("/blog/a").has_value());
  CHECK(!note("https://www.example.com/blog/a").has_value());
  CHECK(!note("HTTPS://WWW.Example.com:443/blog/a").has_value());
  CHECK(!note("https://example.com:8443/").has_value());
  CHECK(note("https://example.com/") ==
        "https://example.com is not one of [site] origins (https://www.example.com, "
        "https://example.com:8443); rules match the path only (host-specific rules are not "
        "supported)");
  CHECK(note("http://www.example.com/").has_value()); // another scheme is another origin
  CHECK(note("https://evil.test/").has_value());
  config.origins.clear();
  CHECK(note("https://evil.test/") ==
        "https://evil.test is not checked: [site] origins is not set; rules match the path only");
}

TEST_SUITE_END();
