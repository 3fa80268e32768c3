// cache.toml loading: the error message of every kind of problem, at its position.
#include "config_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>

using namespace cachectl;
using namespace cachectl::test;

TEST_SUITE_BEGIN("config");

TEST_CASE("parse_config: unknown keys at the top level")
{
  check_errors({
      {"sites = 1\n",
       "cache.toml:2:1: error: unknown key `sites` at top level; did you mean `site`?"},
      {"[sites]\nbase = \"/\"\n",
       "cache.toml:2:2: error: unknown key `sites` at top level; did you mean `site`?"},
      {"[Routes.\"/a\"]\n",
       "cache.toml:2:2: error: unknown key `Routes` at top level; did you mean `routes`?"},
      {"[provider.cloudflare]\n",
       "cache.toml:2:2: error: unknown key `provider` at top level; did you mean `providers`?"},
      {"Version = 1\n",
       "cache.toml:2:1: error: unknown key `Version` at top level; did you mean `version`?"},
      {"foo = 1\n", "cache.toml:2:1: error: unknown key `foo` at top level"},
      {"max_age = 5\n", "cache.toml:2:1: error: unknown key `max_age` at top level"},
  });
}

TEST_CASE("parse_config: unknown keys in each table, with the table's real name")
{
  check_errors({
      {"[site]\nbse = \"/\"\n",
       "cache.toml:3:1: error: unknown key `bse` in [site]; did you mean `base`?"},
      {"[site]\ntrailingSlash = \"never\"\n",
       "cache.toml:3:1: error: unknown key `trailingSlash` in [site]; did you mean "
       "`trailing_slash`?"},
      {"[defaults]\nmaxAge = 5\n",
       "cache.toml:3:1: error: unknown key `maxAge` in [defaults]; did you mean `max_age`?"},
      {"[defaults]\nfoo = 1\n", "cache.toml:3:1: error: unknown key `foo` in [defaults]"},
      {"[bypass]\ncookie = []\n",
       "cache.toml:3:1: error: unknown key `cookie` in [bypass]; did you mean `cookies`?"},
      {"[routes.\"/blog/[slug]\"]\nmaxAge = 5\n",
       "cache.toml:3:1: error: unknown key `maxAge` in [routes.\"/blog/[slug]\"]; did you mean "
       "`max_age`?"},
      {"[routes.\"/blog/[slug]\"]\nstale-if-error = 5\n",
       "cache.toml:3:1: error: unknown key `stale-if-error` in [routes.\"/blog/[slug]\"]; did you "
       "mean `stale_if_error`?"},
      {"[routes]\n\"/a\" = { maxAge = 5 }\n",
       "cache.toml:3:10: error: unknown key `maxAge` in [routes.\"/a\"]; did you mean `max_age`?"},
      {"[routes.\"/a\".bypass]\nHeaders = []\n",
       "cache.toml:3:1: error: unknown key `Headers` in [routes.\"/a\".bypass]; did you mean "
       "`headers`?"},
      {"[routes.\"/a\"]\nbypass.cookie = []\n",
       "cache.toml:3:8: error: unknown key `cookie` in [routes.\"/a\".bypass]; did you mean "
       "`cookies`?"},
      {"[providers.cloudflare]\nzoneId = \"x\"\n",
       "cache.toml:3:1: error: unknown key `zoneId` in [providers.cloudflare]; did you mean "
       "`zone_id`?"},
      {"[providers.fastly]\nzone_id = \"x\"\n",
       "cache.toml:3:1: error: unknown key `zone_id` in [providers.fastly]; `zone_id` is only for "
       "cloudflare"},
      {"[providers.bunny]\ntag_header = \"x\"\n",
       "cache.toml:3:1: error: unknown key `tag_header` in [providers.bunny]; `tag_header` is only "
       "for cloudfront and http"},
      {"[providers.http]\nsecrets = \"x\"\n",
       "cache.toml:3:1: error: unknown key `secrets` in [providers.http]"},
      // A key that announces a secret is refused as one (and its line is never quoted).
      {"[providers.http]\nsecret = \"x\"\n",
       "cache.toml:3:1: error: `secret` looks like a secret written into the file; secrets only "
       "come from the environment: set `token_env` to the name of a variable that holds it"},
  });
}

TEST_CASE("parse_config: wrong types point at the value")
{
  check_errors({
      {"[defaults]\nmax_age = \"5\"\n",
       "cache.toml:3:11: error: `max_age` must be a duration: integer seconds, or a string such as "
       "\"1h30m\" with units y (365 days), w, d, h, m, s, largest first; \"5\": no unit; "
       "seconds are written as an integer, without quotes (5)"},
      {"[defaults]\nmax_age = 1.5\n",
       "cache.toml:3:11: error: `max_age` must be a duration (integer seconds or a string such as "
       "\"1h\"), not a float"},
      {"[defaults]\nimmutable = 1\n",
       "cache.toml:3:13: error: `immutable` must be a boolean, not an integer"},
      {"[defaults]\nlast_modified = 1979-05-27T07:32:00Z\n",
       "cache.toml:3:17: error: `last_modified` must be a string, not a date-time"},
      {"[defaults]\netag = 1979-05-27\n",
       "cache.toml:3:8: error: `etag` must be a string, not a date"},
      {"[defaults]\netag = 07:32:00\n",
       "cache.toml:3:8: error: `etag` must be a string, not a time"},
      {"[defaults]\ntags = \"blog\"\n",
       "cache.toml:3:8: error: `tags` must be an array of strings, not a string"},
      {"[defaults]\ntags = [\"a\", 2]\n",
       "cache.toml:3:14: error: `tags` must be an array of strings; element 2 is an integer"},
      {"[defaults]\nvary = [[\"a\"]]\n",
       "cache.toml:3:9: error: `vary` must be an array of strings; element 1 is an array"},
      {"[defaults]\nmethods = [{}]\n",
       "cache.toml:3:12: error: `methods` must be an array of strings; element 1 is a table"},
      {"[defaults]\nstatuses = 200\n",
       "cache.toml:3:12: error: `statuses` must be an array of integers, not an integer"},
      {"[defaults]\nstatuses = [200, \"404\"]\n",
       "cache.toml:3:18: error: `statuses` must be an array of integers; element 2 is a string"},
      {"[bypass]\nquery = 1\n",
       "cache.toml:3:9: error: `query` must be a string or array of strings, not an integer"},
      {"[bypass]\nquery = [\"a\", true]\n",
       "cache.toml:3:15: error: `query` must be a string or array of strings; element 2 is a "
       "boolean"},
      {"[site]\norigins = [1]\n",
       "cache.toml:3:12: error: `origins` must be an array of strings; element 1 is an integer"},
      {"site = 5\n", "cache.toml:2:8: error: `site` must be a table, not an integer"},
      {"defaults = []\n", "cache.toml:2:12: error: `defaults` must be a table, not an array"},
      {"routes = \"/\"\n", "cache.toml:2:10: error: `routes` must be a table, not a string"},
      {"providers = true\n", "cache.toml:2:13: error: `providers` must be a table, not a boolean"},
      {"[routes.\"/a\"]\nbypass = true\n",
       "cache.toml:3:10: error: `bypass` must be a table, not a boolean"},
      {"[routes]\n\"/a\" = 5\n",
       "cache.toml:3:8: error: route \"/a\" must be a table, not an integer"},
      {"[providers]\ncloudflare = \"x\"\n",
       "cache.toml:3:14: error: provider `cloudflare` must be a table, not a string"},
      {"[providers.fastly]\nrate = \"fast\"\n",
       "cache.toml:3:8: error: `rate` must be a number, not a string"},
      {"[providers.varnish]\nnodes = \"a\"\n",
       "cache.toml:3:9: error: `nodes` must be an array of strings, not a string"},
  });
}

TEST_CASE("parse_config: values out of range")
{
  check_errors({
      {"[defaults]\nmax_age = -5\n",
       "cache.toml:3:11: error: `max_age` must be between 0 and 2147483648, not -5"},
      {"[routes.\"/a\"]\nswr = 2147483649\n",
       "cache.toml:3:7: error: `swr` must be between 0 and 2147483648, not 2147483649"},
      {"[providers.fastly]\nbatch_size = 0\n",
       "cache.toml:3:14: error: `batch_size` must be at least 1, not 0"},
      {"[providers.fastly]\nconcurrency = 65\n",
       "cache.toml:3:15: error: `concurrency` must be between 1 and 64, not 65"},
      {"[providers.fastly]\nretries = -1\n",
       "cache.toml:3:11: error: `retries` must be between 0 and 20, not -1"},
      {"[defaults]\nstatuses = [200, 700]\n",
       "cache.toml:3:18: error: `statuses` must hold integers between 100 and 599; element 2 is "
       "700"},
      {"[providers.fastly]\nrate = 0\n",
       "cache.toml:3:8: error: `rate` must be from 0.001 to 10000 requests per second, not 0"},
      {"[providers.fastly]\nrate = -0.5\n",
       "cache.toml:3:8: error: `rate` must be from 0.001 to 10000 requests per second, not -0.5"},
      {"[providers.fastly]\ntimeout = 0.0\n",
       "cache.toml:3:11: error: `timeout` must be from 0.001 to 3600 seconds, not 0"},
      {"[providers.fastly]\ntimeout = inf\n",
       "cache.toml:3:11: error: `timeout` must be from 0.001 to 3600 seconds, not inf"},
      {"[providers.fastly]\nrate = nan\n",
       "cache.toml:3:8: error: `rate` must be from 0.001 to 10000 requests per second, not nan"},
      // Tiny values once read as "no timeout" / "no pacing" (issue 16 item 7).
      {"[providers.fastly]\ntimeout = 0.0001\n",
       "cache.toml:3:11: error: `timeout` must be from 0.001 to 3600 seconds, not 0.0001"},
      {"[providers.fastly]\nrate = 1e-20\n",
       "cache.toml:3:8: error: `rate` must be from 0.001 to 10000 requests per second, not 1e-20"},
      {"[providers.fastly]\ndeadline = 0.5\n",
       "cache.toml:3:12: error: `deadline` must be from 1 to 604800 seconds, not 0.5"},
  });
  // The limits themselves are accepted.
  const Config config = loaded(v1("[defaults]\nmax_age = 0\nswr = 2147483648\nstatuses = [100, "
                                  "599]\n[providers.fastly]\nconcurrency = 64\nrate = 0.001\n"));
  CHECK(config.defaults.max_age == 0);
  CHECK(config.defaults.swr == 2147483648);
  CHECK(config.defaults.statuses == std::vector<std::int64_t>{100, 599});
  REQUIRE(config.providers.size() == 1);
  CHECK(config.providers[0].values.at("concurrency") == "64");
  CHECK(config.providers[0].values.at("rate") == "0.001");
}

TEST_CASE("parse_config: values outside the choices")
{
  check_errors({
      {"[site]\ntrailing_slash = \"sometimes\"\n",
       "cache.toml:3:18: error: `trailing_slash` must be one of \"ignore\", \"always\", \"never\", "
       "not \"sometimes\""},
      {"[site]\ntrailing_slash = \"Never\"\n",
       "cache.toml:3:18: error: `trailing_slash` must be one of \"ignore\", \"always\", \"never\", "
       "not \"Never\""},
      {"[bypass]\nquery = \"all\"\n",
       "cache.toml:3:9: error: `query` must be one of \"never\", \"any\" or an array of strings, "
       "not "
       "\"all\""},
      {"[routes.\"/a\".bypass]\nquery = \"\"\n",
       "cache.toml:3:9: error: `query` must be one of \"never\", \"any\" or an array of strings, "
       "not "
       "\"\""},
      {"[providers.akamai]\nnetwork = \"prod\"\n",
       "cache.toml:3:11: error: `network` must be one of \"production\", \"staging\", not "
       "\"prod\""},
      {"[site]\nprovider = \"cloudfare\"\n",
       "cache.toml:3:12: error: `provider` must be one of \"generic\", \"cloudflare\", \"fastly\", "
       "\"akamai\", \"netlify\", \"vercel\", \"bunny\", \"cloudfront\", \"google\", \"azure\", "
       "\"varnish\", \"nginx\", \"http\", not \"cloudfare\""},
      {"[site]\ntrailing_slash = \"a\\\"b\"\n",
       "cache.toml:3:18: error: `trailing_slash` must be one of \"ignore\", \"always\", \"never\", "
       "not \"a\\\"b\""},
  });
}

TEST_SUITE_END();
