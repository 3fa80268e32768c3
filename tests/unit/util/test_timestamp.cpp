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

TEST_CASE("check_timestamp: an impossible date is said to be impossible, not malformed")
{
  CHECK(check_timestamp("2024-02-29T10:00:00Z") == 1709200800);
  CHECK(check_timestamp("2024-02-30T10:00:00Z").error() ==
        "an impossible date: February 2024 has 29 days, not 30");
  CHECK(check_timestamp("2023-02-29T00:00:00Z").error() ==
        "an impossible date: February 2023 has 28 days, not 29");
  CHECK(check_timestamp("2024-13-01T00:00:00Z").error() ==
        "an impossible date: there is no month 13");
  CHECK(check_timestamp("2024-01-01T24:00:00Z").error() ==
        "an impossible time: hour 24 is not 00-23");
  CHECK(check_timestamp("2024-01-01T00:00:00+24:00").error() ==
        "an impossible offset: +24:00 is not -23:59 to +23:59");
  CHECK(check_timestamp("Sun, 31 Nov 1994 08:49:37 GMT").error() ==
        "an impossible date: November 1994 has 30 days, not 31");
  CHECK(check_timestamp("Mon, 06 Nov 1994 08:49:37 GMT").error() ==
        "an impossible date: 06 Nov 1994 was a Sun, not a Mon");
  CHECK(check_timestamp("yesterday").error().starts_with("not an RFC 3339 date-time"));
  CHECK(check_timestamp("2024-02-30").error().starts_with("not an RFC 3339 date-time"));
}

TEST_SUITE_END();
