#include <cachectl/live/header_compare.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cachectl;

TEST_SUITE_BEGIN("header_compare");

namespace {

// A HeaderSet of name/value pairs.
HeaderSet
set_of(std::initializer_list<std::pair<const char*, const char*>> pairs)
{
  HeaderSet set;
  for (const auto& [name, value] : pairs) {
    set.headers.push_back({name, value});
  }
  return set;
}

} // namespace

TEST_CASE("directives: lowercased names, unquoted values, order kept, empty members skipped")
{
  const auto directives = parse_directives(R"(Public, ,S-MaxAge=60,  no-cache="Set-Cookie, X")");
  REQUIRE(directives.size() == 3);
  CHECK(directives[0] == std::pair<std::string, std::string>{"public", ""});
  CHECK(directives[1] == std::pair<std::string, std::string>{"s-maxage", "60"});
  CHECK(directives[2] == std::pair<std::string, std::string>{"no-cache", "Set-Cookie, X"});
  CHECK(parse_directives("").empty());
  CHECK(parse_directives(",,,").empty());
  // An unterminated quote runs to the end without crashing.
  CHECK(parse_directives(R"(a="b, c)").size() == 1);
}

TEST_CASE("joined_header: any case, several lines joined by a comma")
{
  const ResponseHeaders got = {{"vary", "Accept-Encoding"}, {"x", "1"}, {"vary", "Cookie"}};
  CHECK(joined_header(got, "Vary") == "Accept-Encoding, Cookie");
  CHECK_FALSE(joined_header(got, "ETag").has_value());
}

TEST_CASE("origin: equal headers give no diff; directive order and case are ignored")
{
  const HeaderSet expected = set_of({{"Cache-Control", "public, max-age=60, s-maxage=600"},
                                     {"CDN-Cache-Control", "max-age=600"},
                                     {"Cache-Tag", "blog"},
                                     {"Cache-Tag", "post-1"}});
  const ResponseHeaders got = {{"cache-control", "S-MAXAGE=600, max-age=60, public"},
                               {"cdn-cache-control", "max-age=600"},
                               {"cache-tag", "blog"},
                               {"cache-tag", "post-1"}};
  CHECK(compare_origin(expected, got).empty());
}

TEST_CASE("origin: a missing header, a differing value, missing and extra directives")
{
  const HeaderSet expected = set_of({{"Cache-Control", "public, max-age=60, s-maxage=600"},
                                     {"Cache-Tag", "blog,post-1"},
                                     {"Surrogate-Key", "a b"}});
  const ResponseHeaders got = {{"cache-control", "public, max-age=60, no-transform"},
                               {"cache-tag", "blog"}};
  const auto diffs = compare_origin(expected, got);
  REQUIRE(diffs.size() == 3);
  CHECK(diffs[0].name == "Cache-Control");
  CHECK_FALSE(diffs[0].absent);
  CHECK(diffs[0].detail == "directive s-maxage=600 missing, directive no-transform not configured");
  CHECK(diffs[1] == HeaderDiff{"Cache-Tag", "blog,post-1", "blog", false, ""});
  CHECK(diffs[2] == HeaderDiff{"Surrogate-Key", "a b", "", true, "missing"});
}

TEST_CASE("origin: a value that differs only in a directive's argument is a diff")
{
  const auto diffs =
      compare_origin(set_of({{"Cache-Control", "max-age=60"}}), {{"cache-control", "max-age=61"}});
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].detail == "directive max-age=60 missing, directive max-age=61 not configured");
}

TEST_CASE("edge: only what browsers see; CDN headers are not expected to arrive")
{
  const HeaderSet expected = set_of({{"Cache-Control", "public, max-age=60"},
                                     {"CDN-Cache-Control", "max-age=600"},
                                     {"Cache-Tag", "blog"},
                                     {"Vary", "Accept-Encoding"}});
  // A CDN strips its own headers and may add Vary members.
  const ResponseHeaders got = {{"cache-control", "max-age=60, public"},
                               {"vary", "Accept-Encoding, Accept"}};
  CHECK(compare_edge(expected, got).empty());
}

TEST_CASE("edge: Vary members missing, Vary absent, `*` covers every member")
{
  const HeaderSet expected = set_of({{"Vary", "Accept-Encoding, Cookie"}});
  auto diffs = compare_edge(expected, {{"vary", "accept-encoding"}});
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].detail == "cookie missing");
  diffs = compare_edge(expected, {});
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].absent);
  CHECK(diffs[0].detail == "missing");
  CHECK(compare_edge(expected, {{"vary", "*"}}).empty());
}

TEST_CASE("edge: ETag equal or weakened by compression; Last-Modified exactly")
{
  const HeaderSet expected =
      set_of({{"ETag", R"("v1")"}, {"Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"}});
  CHECK(compare_edge(expected,
                     {{"etag", R"(W/"v1")"}, {"last-modified", "Wed, 21 Oct 2015 07:28:00 GMT"}})
            .empty());
  const auto diffs =
      compare_edge(expected, {{"etag", R"("v2")"}, {"last-modified", "Thu, 22 Oct 2015"}});
  REQUIRE(diffs.size() == 2);
  CHECK(diffs[0].name == "ETag");
  CHECK(diffs[0].got == R"("v2")");
  CHECK(diffs[1].name == "Last-Modified");
  const auto absent = compare_edge(expected, {});
  REQUIRE(absent.size() == 2);
  CHECK(absent[0].absent);
  CHECK(absent[1].absent);
}

TEST_CASE("edge: a private page served with a public Cache-Control is a diff")
{
  const auto diffs = compare_edge(set_of({{"Cache-Control", "private, no-store"}}),
                                  {{"cache-control", "public, max-age=300"}});
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].detail == "directive no-store missing, directive private missing, "
                           "directive max-age=300 not configured, directive public not "
                           "configured");
}

TEST_SUITE_END();
