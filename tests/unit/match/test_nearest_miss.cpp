#include <cachectl/config/config.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/nearest_miss.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("nearest_miss");

namespace {

// The nearest miss of `url` under `toml`, as "PATTERN: reason", or "" when there is none.
std::string
miss_of(const std::string& toml, std::string_view url)
{
  const auto config = parse_config(toml, "t.toml");
  REQUIRE(config);
  const CompiledMatcher matcher(*config);
  const Resolution r = resolve(*config, matcher, url);
  const auto miss = nearest_miss(*config, matcher, r);
  return miss ? config->rules[miss->rule].pattern.source() + ": " + miss->reason : "";
}

const std::string never = R"(version = 1
[site]
trailing_slash = "never"
[routes."/favicon.svg"]
max_age = 1
[routes."/blog/[slug]"]
max_age = 1
[routes."/docs/guide/[page]"]
max_age = 1
)";

} // namespace

TEST_CASE("nearest_miss: the trailing-slash mode refuses the URL")
{
  CHECK(miss_of(never, "/favicon.svg/") ==
        "/favicon.svg: trailing_slash = \"never\" refuses a trailing /; /favicon.svg would match");
  const std::string always = R"(version = 1
[site]
trailing_slash = "always"
[routes."/about"]
max_age = 1
)";
  CHECK(miss_of(always, "/about") == "/about: trailing_slash = \"always\" refuses a path without "
                                     "a trailing /; /about/ would match");
}

TEST_CASE("nearest_miss: one static segment misspelt, the closest rule named")
{
  CHECK(miss_of(never, "/docs/guides/x") ==
        "/docs/guide/[page]: segment 2: \"guides\" is not \"guide\"; /docs/guide/x would match");
  CHECK(miss_of(never, "/blgo/x") == "/blog/[slug]: segment 1: \"blgo\" is not \"blog\"; "
                                     "/blog/x would match");
  // Another route altogether is no near miss.
  CHECK(miss_of(never, "/pricing") == "");
}

TEST_CASE("nearest_miss: one [param] segment short, the base left out")
{
  CHECK(miss_of(never, "/blog") ==
        "/blog/[slug]: one segment short: [slug] needs a value, as in /blog/x");
  const std::string based = R"(version = 1
[site]
base = "/docs"
[routes."/guide/[page]"]
max_age = 1
)";
  CHECK(miss_of(based, "/guide/x") == "/guide/[page]: the path is outside [site] base = "
                                      "\"/docs\"; /docs/guide/x would match");
}

TEST_CASE("nearest_miss: nothing for a matched, invalid or redirected URL")
{
  CHECK(miss_of(never, "/blog/x") == "");
  CHECK(miss_of(never, "/blog/%zz") == "");
}

TEST_SUITE_END();
