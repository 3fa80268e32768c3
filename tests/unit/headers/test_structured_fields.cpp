// RFC 9651 output (serialize_sf_*) read back by the independent parser; Edge-Control times.
#include "headers_support.hpp"

#include <cachectl/headers/headers.hpp>

#include <doctest/doctest.h>

using namespace cachectl;
using namespace cachectl::test;

TEST_SUITE_BEGIN("headers");

TEST_CASE("independent RFC 9651 parser: accepts and rejects what §4.2 says")
{
  auto d =
      SfParser("max-age=60, must-revalidate, a=?0, b=\"x\\\"y\", c=tok/en, d=1.5;p=1").dictionary();
  REQUIRE(d);
  CHECK(d->size() == 6);
  CHECK((*d)[0] == std::pair<std::string, SfValue>{"max-age", sf_int(60)});
  CHECK((*d)[1].second == sf_bool(true));
  CHECK((*d)[2].second == sf_bool(false));
  CHECK((*d)[3].second == sf_str("x\"y"));
  CHECK((*d)[4].second.type == SfValue::Type::token);
  CHECK((*d)[5].second.type == SfValue::Type::decimal);
  // Later duplicates overwrite (§4.2.2), unlike Cache-Control.
  CHECK(SfParser("max-age=60, max-age=0").dictionary()->at(0).second == sf_int(0));
  CHECK_FALSE(SfParser("max-age=60,").dictionary());              // trailing comma
  CHECK_FALSE(SfParser("Max-Age=60").dictionary());               // keys are lowercase
  CHECK_FALSE(SfParser("max-age=1234567890123456").dictionary()); // 16 digits
  CHECK_FALSE(SfParser("max-age=\"60").dictionary());             // unterminated string
  CHECK_FALSE(SfParser("max-age=60 private").dictionary());
  CHECK(SfParser("max-age=\"60\"").dictionary()->at(0).second == sf_str("60"));
  CHECK(SfParser("").dictionary()->empty());
}

TEST_CASE("serialize_sf_dictionary and serialize_sf_string follow RFC 9651 §4.1")
{
  CHECK(serialize_sf_dictionary({{"max-age", std::int64_t{60}},
                                 {"public", true},
                                 {"no-store", false},
                                 {"note", std::string("a \"b\" \\c")}}) ==
        "max-age=60, public, no-store=?0, note=\"a \\\"b\\\" \\\\c\"");
  CHECK(serialize_sf_dictionary({}).empty());
  CHECK(serialize_sf_dictionary({{"Max-Age", std::int64_t{1}}}).empty()); // §4.1.1.3 lcalpha
  CHECK(serialize_sf_dictionary({{"9a", true}}).empty());
  CHECK(serialize_sf_dictionary({{"a", std::int64_t{1'000'000'000'000'000}}}).empty()); // §4.1.4
  CHECK(serialize_sf_dictionary({{"a", std::int64_t{-999'999'999'999'999}}}) ==
        "a=-999999999999999");
  CHECK(serialize_sf_dictionary({{"a", std::string("tab\there")}}).empty()); // §4.1.6
  CHECK(serialize_sf_string("") == "\"\"");
  CHECK(serialize_sf_string("caf\xc3\xa9").empty());
}

TEST_CASE("edge_control_time picks the largest unit that divides")
{
  // Edge-Control times take a unit suffix s, m, h or d (https://http.dev/edge-control).
  CHECK(edge_control_time(0) == "0s");
  CHECK(edge_control_time(59) == "59s");
  CHECK(edge_control_time(60) == "1m");
  CHECK(edge_control_time(90) == "90s");
  CHECK(edge_control_time(300) == "5m");
  CHECK(edge_control_time(7200) == "2h");
  CHECK(edge_control_time(86400) == "1d");
  CHECK(edge_control_time(31536000) == "365d");
  CHECK(edge_control_time(86460) == "1441m");
}

TEST_SUITE_END();
