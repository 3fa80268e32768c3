// The field readers shared by the access log parsers (lib/src/analysis/log_fields.hpp): the
// memchr-based quoted_field() against the byte-by-byte scan it replaced, on random text of
// quotes, backslashes, spaces and letters; and the parser's memo of the last time text.
#include "analysis/log_fields.hpp"

#include <cachectl/analysis/access_record.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>

using namespace cachectl;

namespace {

// The scan quoted_field() replaced: backslash skips the next byte, the first other `"` closes.
std::optional<std::string_view>
quoted_field_by_byte(std::string_view& rest)
{
  if (rest.empty() || rest.front() != '"') {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\') {
      ++i;
    } else if (rest[i] == '"') {
      const std::string_view field = rest.substr(1, i - 1);
      rest.remove_prefix(i + 1);
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
      }
      return field;
    }
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE("access_record")
{
  TEST_CASE("quoted_field finds the closing quote as a byte-by-byte scan does")
  {
    std::mt19937 rng(2024);
    const std::string_view alphabet = "\"\\\\\\ a";
    for (int round = 0; round < 200000; ++round) {
      std::string text = rng() % 8 == 0 ? "" : "\"";
      const std::size_t length = rng() % 12;
      for (std::size_t i = 0; i < length; ++i) {
        text += alphabet[rng() % alphabet.size()];
      }
      std::string_view fast = text;
      std::string_view slow = text;
      const auto got = quoted_field(fast);
      const auto want = quoted_field_by_byte(slow);
      CAPTURE(text);
      REQUIRE(got.has_value() == want.has_value());
      if (got) {
        CHECK(*got == *want);
        CHECK(fast.data() == slow.data());
        CHECK(fast.size() == slow.size());
      }
    }
  }

  TEST_CASE("lines of one second reuse the parsed time; a new second is parsed again")
  {
    AccessLogParser parser(LogFormat::common);
    const auto at = [&](std::string_view time) {
      const auto record = parser.parse(fmt::format(R"(c - - [{}] "GET / HTTP/1.1" 200 1)", time));
      return record ? record->time_ms : -1;
    };
    CHECK(at("10/Oct/2000:13:55:36 -0700") == 971211336000);
    CHECK(at("10/Oct/2000:13:55:36 -0700") == 971211336000);
    CHECK(at("10/Oct/2000:13:55:37 -0700") == 971211337000);
    CHECK(at("10/Oct/2000:13:55:36 -0700") == 971211336000);
    CHECK(at("10/Oct/2000:13:55:99 -0700") == -1); // refused, and not remembered
    CHECK(at("10/Oct/2000:13:55:36 -0700") == 971211336000);
  }
}
