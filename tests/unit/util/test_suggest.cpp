#include <cachectl/util/suggest.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cachectl;

TEST_CASE("closest_name: a near miss is suggested, a far one is not")
{
  const std::vector<std::string> commands = {"validate", "match", "headers", "purge", "schema"};
  CHECK(closest_name("mach", commands) == "match");
  CHECK(closest_name("valdate", commands) == "validate");
  CHECK(closest_name("hedaers", commands) == "headers");
  CHECK(closest_name("purg", commands) == "purge");
  CHECK_FALSE(closest_name("zzzz", commands));
  CHECK_FALSE(closest_name("x", commands)); // one letter is no evidence
  CHECK_FALSE(closest_name("", commands));
}
