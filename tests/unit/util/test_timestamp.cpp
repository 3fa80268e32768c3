#include <cachectl/util/timestamp.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

TEST_SUITE_BEGIN("timestamp");

TEST_CASE("parse_timestamp: RFC 3339")
{
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp("1994-11-06T08:49:37Z") == 784111777);
  CHECK(parse_timestamp("1994-11-06t08:49:37z") == 784111777);
  CHECK(parse_timestamp("1994-11-06T09:49:37+01:00") == 784111777);
  CHECK(parse_timestamp("1994-11-06T08:49:37.123Z") == 784111777);
  CHECK(parse_timestamp("2024-02-29T00:00:00Z") == 1709164800);
  CHECK_FALSE(parse_timestamp("2023-02-29T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("1994-11-06T08:49:37"));
  CHECK_FALSE(parse_timestamp("1994-11-06T24:00:00Z"));
  CHECK_FALSE(parse_timestamp("1994-13-06T08:49:37Z"));
  CHECK_FALSE(parse_timestamp("1994-11-06T08:49:37Zjunk"));
}

TEST_CASE("parse_timestamp: IMF-fixdate")
{
  CHECK(parse_timestamp("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK_FALSE(parse_timestamp("Mon, 06 Nov 1994 08:49:37 GMT"));  // wrong weekday
  CHECK_FALSE(parse_timestamp("Sunday, 06-Nov-94 08:49:37 GMT")); // obsolete RFC 850 form
  CHECK_FALSE(parse_timestamp("Sun, 06 Nov 1994 08:49:37 UTC"));
  CHECK_FALSE(parse_timestamp(""));
}

TEST_CASE("format_imf_fixdate round-trips")
{
  CHECK(format_imf_fixdate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(format_imf_fixdate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(format_imf_fixdate(-1) == "Wed, 31 Dec 1969 23:59:59 GMT");
  for (std::int64_t t = -86400 * 400; t < 4102444800; t += 86400 * 37 + 3607) {
    CHECK(parse_timestamp(format_imf_fixdate(t)) == t);
  }
}

TEST_SUITE_END();
