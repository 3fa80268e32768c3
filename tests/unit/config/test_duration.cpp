// Durations: integer seconds or "1h30m" strings wherever the key table takes seconds.
#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>
#include <cachectl/config/duration.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE_BEGIN("config");

TEST_CASE("parse_duration: units largest first, each once, exact seconds")
{
  constexpr std::int64_t max = 2147483648;
  CHECK(parse_duration("30s", max) == 30);
  CHECK(parse_duration("5m", max) == 300);
  CHECK(parse_duration("1h", max) == 3600);
  CHECK(parse_duration("1h30m", max) == 5400);
  CHECK(parse_duration("7d", max) == 604800);
  CHECK(parse_duration("2w", max) == 1209600);
  CHECK(parse_duration("1y", max) == 31536000);
  CHECK(parse_duration("1d2h3m4s", max) == 93784);
  CHECK(parse_duration("0s", max) == 0);
  CHECK(parse_duration("68y", max) == 68LL * 31536000);
  // Refused, each with a reason.
  CHECK(parse_duration("", max).error() == "an empty duration");
  CHECK(parse_duration("1x", max).error() == "unknown unit `x`");
  CHECK(parse_duration("30m1h", max).error() == "unit `h` out of order (largest first, each once)");
  CHECK(parse_duration("1m1m", max).error() == "unit `m` out of order (largest first, each once)");
  CHECK(parse_duration("h", max).error() == "a number is missing before `h`");
  CHECK(parse_duration("1h 30m", max).error() == "a number is missing before ` 30m`");
  CHECK(parse_duration("-1h", max).error() == "a number is missing before `-1h`");
  CHECK(parse_duration("1h30", max).error() == "`30` has no unit");
  CHECK(parse_duration("69y", max).error() == "more than 2147483648 seconds");
  CHECK(parse_duration("99999999999999999999s", max).error() == "more than 2147483648 seconds");
}

TEST_CASE("durations load as seconds in every key that takes seconds; integers stay valid")
{
  const auto config = parse_config(R"(version = 1
[defaults]
negative_max_age = "2m"
[routes."/a"]
max_age = "1h30m"
swr = "1y"
stale_if_error = "1d"
browser_max_age = 60
browser_swr = "30s"
browser_stale_if_error = "1w"
[routes."/a".status]
404 = "5m"
"4XX" = 60
)",
                                   "cache.toml");
  REQUIRE(config.has_value());
  const CacheOptions& o = config->rules.at(0).options;
  CHECK(o.max_age == 5400);
  CHECK(o.swr == 31536000);
  CHECK(o.stale_if_error == 86400);
  CHECK(o.browser_max_age == 60);
  CHECK(o.browser_swr == 30);
  CHECK(o.browser_stale_if_error == 604800);
  REQUIRE(o.status_max_age.has_value());
  CHECK(*o.status_max_age == std::map<std::string, std::int64_t>{{"404", 300}, {"4xx", 60}});
  CHECK(config->defaults.negative_max_age == 120);
  CHECK(config->rules.at(0).key_pos.contains("status.404"));
  // Every key of the table that takes seconds is a duration.
  for (const KeySpec& key : config_keys()) {
    if (key.name.ends_with("max_age") || key.name.ends_with("swr") ||
        key.name.ends_with("stale_if_error")) {
      CAPTURE(key.name);
      CHECK(key.type == KeyType::duration);
    }
  }
}

TEST_CASE("bad durations and status keys are errors at file:line:col naming the units")
{
  const auto errors = [](const std::string& body) {
    const LoadedConfig loaded = read_config_text("version = 1\n" + body, "cache.toml");
    std::string out;
    for (const auto& d : loaded.diagnostics) {
      out += format_short(d) + "\n";
    }
    return out;
  };
  CHECK(errors("[routes.\"/a\"]\nmax_age = \"1x\"\n") ==
        "cache.toml:3:11: error: `max_age` must be a duration: integer seconds, or a string such "
        "as \"1h30m\" with units y (365 days), w, d, h, m, s, largest first; \"1x\": unknown unit "
        "`x`\n");
  CHECK(errors("[routes.\"/a\"]\nswr = -5\n") ==
        "cache.toml:3:7: error: `swr` must be between 0 and 2147483648, not -5\n");
  CHECK(errors("[routes.\"/a\".status]\n\"4x4\" = 60\n") ==
        "cache.toml:3:1: error: `4x4` in [routes.\"/a\".status] is not a status: write a status "
        "such as `404` or a class such as `\"4xx\"`\n");
  CHECK(errors("[routes.\"/a\".status]\n404 = \"soon\"\n") ==
        "cache.toml:3:7: error: `status` must be a duration: integer seconds, or a string such as "
        "\"1h30m\" with units y (365 days), w, d, h, m, s, largest first; \"soon\": a number is "
        "missing "
        "before `soon`\n");
}

TEST_SUITE_END();
