// cache.toml loading: the typed model, file order, positions and every error message.
#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

// The configuration example of DESIGN.md, verbatim.
constexpr std::string_view design_example = R"(#:schema ./schema/cachectl.schema.json
version = 1

[site]
base = "/"                   # mount prefix; patterns are relative to it (Astro `base`)
trailing_slash = "ignore"    # "always" | "never" | "ignore" (Astro semantics)
origins = ["https://www.example.com", "https://example.com"]  # for purge --path
provider = "cloudflare"      # default provider of `headers` and `purge`

[defaults]                   # base options of every matched route
browser_max_age = 0
vary = ["Accept-Encoding"]

[bypass]                     # request traits that make a response uncacheable
cookies = ["session", "wordpress_logged_in_*"]
headers = ["Authorization"]
query = "any"                # "never" (default) | "any" | ["preview", "token"]

[routes."/"]
max_age = 600

[routes."/blog/[slug]"]
max_age = 300                # shared/CDN TTL, seconds
swr = 60                     # stale-while-revalidate
stale_if_error = 86400
browser_max_age = 60
tags = ["blog", "post:{slug}"]   # {param} expands from the matched URL

[routes."/blog/[...path]"]
max_age = 3600
tags = ["blog"]

[routes."/assets/[...file]"]
max_age = 31536000
immutable = true

[routes."/api/[...rest]"]
cache = false                # opt out: private, no-store; defaults are not applied

[routes."/v1/stream/[...id]"]
max_age = 20
statuses = [200]             # other statuses get no-store
methods = ["GET"]

[providers.cloudflare]
zone_id = "023e105f4ecef8ad9ca31a8372d0c353"
token_env = "CLOUDFLARE_API_TOKEN"   # secrets only ever come from the environment
)";

// The config `text` describes; fails the test (showing the errors) when it does not load.
Config
loaded(std::string_view text)
{
  auto result = parse_config(text, "cache.toml");
  if (!result) {
    for (const auto& error : result.error()) {
      MESSAGE(format_short(error));
    }
  }
  REQUIRE(result.has_value());
  return std::move(*result);
}

// The errors of `text`, which must not load; every error names the file.
std::vector<Diagnostic>
errors_of(std::string_view text)
{
  auto result = parse_config(text, "cache.toml");
  REQUIRE_FALSE(result.has_value());
  for (const auto& error : result.error()) {
    CHECK(error.span.file == "cache.toml");
  }
  return result.error();
}

// The single error of `text`, rendered as `file:line:col: error: message`.
std::string
error_of(std::string_view text)
{
  const auto errors = errors_of(text);
  REQUIRE(errors.size() == 1);
  return format_short(errors.front());
}

// `body` after the mandatory `version = 1` line (so `body` starts on line 2).
std::string
v1(std::string_view body)
{
  return "version = 1\n" + std::string(body);
}

// Options with only `max_age` set.
CacheOptions
with_max_age(std::int64_t seconds)
{
  CacheOptions options;
  options.max_age = seconds;
  return options;
}

// `pos` as `line:column`, for readable comparisons.
std::string
at(const SourcePos& pos)
{
  return fmt::format("{}:{}", pos.line, pos.column);
}

// Key positions as `name@line:column` items, in key order.
std::string
positions(const std::map<std::string, KeyPlace>& key_pos)
{
  std::string out;
  for (const auto& [name, pos] : key_pos) {
    out += out.empty() ? "" : " ";
    out += name + "@" + at(pos.key);
  }
  return out;
}

// A config body and the one error it must produce.
struct ErrorCase {
  std::string_view body; // after `version = 1`, so its first line is line 2
  std::string_view expected;
};

// Checks each case of `cases`.
void
check_errors(std::initializer_list<ErrorCase> cases)
{
  for (const auto& c : cases) {
    CAPTURE(c.body);
    CHECK(error_of(v1(c.body)) == c.expected);
  }
}

// The `|`-separated items of `list`.
std::vector<std::string_view>
split(std::string_view list)
{
  std::vector<std::string_view> items;
  while (!list.empty()) {
    const std::size_t bar = list.find('|');
    items.push_back(list.substr(0, bar));
    if (bar == std::string_view::npos) {
      break;
    }
    list.remove_prefix(bar + 1);
  }
  return items;
}

// A valid TOML value for `spec` that differs from the built-in default.
std::string
sample_value(const KeySpec& spec)
{
  switch (spec.type) {
  case KeyType::integer:
    return fmt::format("{}", spec.min + 1 <= spec.max || spec.max == 0 ? spec.min + 1 : spec.min);
  case KeyType::boolean:
    return spec.default_value == "true" ? "false" : "true";
  case KeyType::string:
    return spec.choices.empty() ? "\"x\"" : fmt::format("\"{}\"", split(spec.choices).back());
  case KeyType::string_array:
  case KeyType::string_or_string_array:
    return "[\"x\"]";
  case KeyType::integer_array:
    return fmt::format("[{}]", spec.max);
  case KeyType::table:
    return "{}";
  case KeyType::number:
    return "1.5";
  case KeyType::duration:
    return "\"1m1s\"";
  }
  return {};
}

// The [site] part of `config` as one string.
std::string
site_fingerprint(const Config& config)
{
  std::string origins;
  for (const auto& origin : config.origins) {
    origins += origin + ",";
  }
  return fmt::format(
      "{}|{}|{}|{}", config.base, to_string(config.trailing_slash), origins, config.provider);
}

} // namespace

TEST_CASE("parse_config: the DESIGN.md example loads into the exact typed model")
{
  const Config config = loaded(design_example);
  CHECK(config.file == "cache.toml");
  CHECK(config.version == 1);
  CHECK(config.base == "/");
  CHECK(config.trailing_slash == TrailingSlash::ignore);
  const std::vector<std::string> origins{"https://www.example.com", "https://example.com"};
  CHECK(config.origins == origins);
  CHECK(config.provider == "cloudflare");

  CacheOptions defaults;
  defaults.browser_max_age = 0;
  defaults.vary = std::vector<std::string>{"Accept-Encoding"};
  CHECK(config.defaults == defaults);

  BypassRules bypass;
  bypass.cookies = {"session", "wordpress_logged_in_*"};
  bypass.headers = {"Authorization"};
  bypass.query = BypassRules::Query::any;
  CHECK(config.bypass == bypass);

  REQUIRE(config.rules.size() == 6);
  std::vector<std::string> patterns;
  for (const auto& rule : config.rules) {
    patterns.push_back(rule.pattern.source());
  }
  const std::vector<std::string> file_order{"/",
                                            "/blog/[slug]",
                                            "/blog/[...path]",
                                            "/assets/[...file]",
                                            "/api/[...rest]",
                                            "/v1/stream/[...id]"};
  CHECK(patterns == file_order);

  CHECK(config.rules[0].options == with_max_age(600));
  CacheOptions blog = with_max_age(300);
  blog.swr = 60;
  blog.stale_if_error = 86400;
  blog.browser_max_age = 60;
  blog.tags = {"blog", "post:{slug}"};
  CHECK(config.rules[1].options == blog);
  CacheOptions blog_rest = with_max_age(3600);
  blog_rest.tags = {"blog"};
  CHECK(config.rules[2].options == blog_rest);
  CacheOptions assets = with_max_age(31536000);
  assets.immutable = true;
  CHECK(config.rules[3].options == assets);
  CacheOptions api;
  api.cache = false;
  CHECK(config.rules[4].options == api);
  CacheOptions stream = with_max_age(20);
  stream.statuses = std::vector<std::int64_t>{200};
  stream.methods = std::vector<std::string>{"GET"};
  CHECK(config.rules[5].options == stream);

  CHECK(config.rules[1].pattern.param_names() == std::vector<std::string>{"slug"});
  CHECK(at(config.rules[0].pos) == "19:9");
  CHECK(at(config.rules[1].pos) == "22:9");
  CHECK(at(config.rules[2].pos) == "29:9");
  CHECK(at(config.rules[3].pos) == "33:9");
  CHECK(at(config.rules[4].pos) == "37:9");
  CHECK(at(config.rules[5].pos) == "40:9");
  CHECK(positions(config.rules[0].key_pos) == "max_age@20:1");
  CHECK(positions(config.rules[1].key_pos) ==
        "browser_max_age@26:1 max_age@23:1 stale_if_error@25:1 swr@24:1 tags@27:1");
  CHECK(positions(config.rules[5].key_pos) == "max_age@41:1 methods@43:1 statuses@42:1");

  REQUIRE(config.providers.size() == 1);
  const ProviderSettings& cloudflare = config.providers[0];
  CHECK(cloudflare.name == "cloudflare");
  CHECK(at(cloudflare.pos) == "45:12");
  const std::map<std::string, std::string> values{{"token_env", "CLOUDFLARE_API_TOKEN"},
                                                  {"zone_id", "023e105f4ecef8ad9ca31a8372d0c353"}};
  CHECK(cloudflare.values == values);
  CHECK(cloudflare.lists.empty());
  CHECK(positions(cloudflare.key_pos) == "token_env@47:1 zone_id@46:1");
}

TEST_CASE("load_config: reads a file, and says why it cannot")
{
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("cachectl-test-config-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "cache.toml";
  {
    std::ofstream out(file, std::ios::binary);
    out << design_example;
  }

  const auto config = load_config(file);
  REQUIRE(config.has_value());
  CHECK(config->file == file.string());
  CHECK(config->rules.size() == 6);
  CHECK(config->providers.size() == 1);

  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << "version = 3\n";
  }
  const auto wrong = load_config(file);
  REQUIRE_FALSE(wrong.has_value());
  REQUIRE(wrong.error().size() == 1);
  CHECK(format_short(wrong.error()[0]) ==
        file.string() +
            ":1:11: error: unsupported config version 3 (this cachectl reads version 1)");

  const auto missing = load_config(dir / "missing.toml");
  REQUIRE_FALSE(missing.has_value());
  REQUIRE(missing.error().size() == 1);
  CHECK(missing.error()[0].message == "cannot read config file: No such file or directory");
  CHECK(missing.error()[0].span.file == (dir / "missing.toml").string());
  CHECK_FALSE(missing.error()[0].span.begin.known());

  const auto directory = load_config(dir);
  REQUIRE_FALSE(directory.has_value());
  REQUIRE(directory.error().size() == 1);
  CHECK(directory.error()[0].message == "cannot read config file: Is a directory");

  std::filesystem::remove_all(dir);
}

TEST_CASE("parse_config: a TOML syntax error is the only error, at toml++'s position")
{
  CHECK(error_of("version = 1\nx = \"\xC3\xA9\" ;\n") ==
        "cache.toml:2:9: error: invalid TOML in key-value pair: expected a comment or "
        "whitespace, saw ';'");
  CHECK(error_of("version = 1\nx = 1\nx = 2\n") ==
        "cache.toml:3:5: error: invalid TOML in key-value pair: cannot redefine existing "
        "integer 'x'");
  // No version and unknown keys, but the syntax error hides everything else.
  CHECK(error_of("foo = 1\nbar = [\n") ==
        "cache.toml:2:9: error: invalid TOML in array: encountered end-of-file");
}

TEST_CASE("parse_config: version")
{
  const std::string missing = "cache.toml:1:1: error: missing `version = 1` at the top of the file";
  CHECK(error_of("") == missing);
  CHECK(error_of("# nothing\n") == missing);
  CHECK(error_of("[site]\nbase = \"/\"\n") == missing);
  CHECK(error_of("version = 2\n") ==
        "cache.toml:1:11: error: unsupported config version 2 (this cachectl reads version 1)");
  CHECK(error_of("\n  version = 0\n") ==
        "cache.toml:2:13: error: unsupported config version 0 (this cachectl reads version 1)");
  CHECK(error_of("version = \"1\"\n") ==
        "cache.toml:1:11: error: `version` must be an integer, not a string");
  CHECK(error_of("version = 1.0\n") ==
        "cache.toml:1:11: error: `version` must be an integer, not a float");
  // It need not be on the first line.
  const Config config = loaded("# cache rules\n\nversion = 1\n");
  CHECK(config.version == 1);
  CHECK(config.rules.empty());
  CHECK(config.providers.empty());
  CHECK(config.base == "/");
  CHECK(config.defaults == CacheOptions{});
  CHECK(config.bypass == BypassRules{});
}

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
       "cache.toml:3:8: error: `rate` must be greater than 0, not 0"},
      {"[providers.fastly]\nrate = -0.5\n",
       "cache.toml:3:8: error: `rate` must be greater than 0, not -0.5"},
      {"[providers.fastly]\ntimeout = 0.0\n",
       "cache.toml:3:11: error: `timeout` must be greater than 0, not 0.0"},
      {"[providers.fastly]\ntimeout = inf\n",
       "cache.toml:3:11: error: `timeout` must be a finite number, not inf"},
      {"[providers.fastly]\nrate = nan\n",
       "cache.toml:3:8: error: `rate` must be a finite number, not nan"},
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

TEST_CASE("parse_config: bypass belongs to routes and the top level, not to [defaults]")
{
  check_errors({
      {"[defaults]\nbypass = { cookies = [\"a\"] }\n",
       "cache.toml:3:1: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
      {"[defaults.bypass]\ncookies = []\n",
       "cache.toml:2:11: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
      {"[defaults]\nbypass = 5\n",
       "cache.toml:3:1: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
  });

  const Config config = loaded(v1(R"([routes."/account/[...rest]"]
max_age = 60
bypass = { cookies = ["session"], query = "any" }
[routes."/b"]
[routes."/b".bypass]
[routes."/c"]
tags = []
)"));
  REQUIRE(config.rules.size() == 3);
  CacheOptions account = with_max_age(60);
  account.bypass = BypassRules{};
  account.bypass->cookies = {"session"};
  account.bypass->query = BypassRules::Query::any;
  CHECK(config.rules[0].options == account);
  CHECK(positions(config.rules[0].key_pos) ==
        "bypass@4:1 bypass.cookies@4:12 bypass.query@4:35 max_age@3:1");
  CacheOptions empty_bypass;
  empty_bypass.bypass = BypassRules{};
  CHECK(config.rules[1].options == empty_bypass);
  CHECK(config.rules[2].options == CacheOptions{});
  CHECK(positions(config.rules[2].key_pos) == "tags@8:1");
}

TEST_CASE("parse_config: bypass query forms")
{
  const Config listed = loaded(v1("[bypass]\nquery = [\"preview\", \"token\"]\n"));
  CHECK(listed.bypass.query == BypassRules::Query::listed);
  CHECK(listed.bypass.query_params == std::vector<std::string>{"preview", "token"});
  const Config never = loaded(v1("[bypass]\nquery = \"never\"\ncookies = [\"a*\"]\n"));
  CHECK(never.bypass.query == BypassRules::Query::never);
  CHECK(never.bypass.query_params.empty());
  CHECK(never.bypass.cookies == std::vector<std::string>{"a*"});
  const Config any = loaded(v1("[bypass]\nquery = \"any\"\n"));
  CHECK(any.bypass.query == BypassRules::Query::any);
}

TEST_CASE("parse_config: an invalid route pattern points at the offending character")
{
  // Each case: the config, the position, and the pattern named in the message.
  struct PatternCase {
    std::string text;
    std::string position;
    std::string pattern;
  };
  const std::vector<PatternCase> cases{
      // A space inside a parameter name: column of the space.
      {v1("[routes.\"/blog/[sl ug]\"]\n"), "2:19", "/blog/[sl ug]"},
      // An escape in the key: the columns no longer map, so the key's own column.
      {v1("[routes.\"/blog/[sl\\u0020ug]\"]\n"), "2:9", "/blog/[sl ug]"},
      // A literal-string key maps like a basic one.
      {v1("[routes.'/blog/[slug']\n"), "2:16", "/blog/[slug"},
      // Columns count characters, as toml++ does: `é` is two bytes but one column.
      {v1("[routes.\"/\xC3\xA9/[x\"]\n"), "2:13", "/\xC3\xA9/[x"},
      // Inline table and dotted keys.
      {v1("routes = { \"/a]\" = {} }\n"), "2:15", "/a]"},
      {v1("[routes]\n\"/x/[a\".max_age = 1\n"), "3:5", "/x/[a"},
      // A bare key has no quote to skip.
      {v1("[routes.blog]\n"), "2:9", "blog"},
      // CRLF line ends.
      {"version = 1\r\n[routes.\"/blog/[sl ug]\"]\r\n", "2:19", "/blog/[sl ug]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto errors = errors_of(c.text);
    REQUIRE(errors.size() == 1);
    CHECK(at(errors[0].span.begin) == c.position);
    const std::string prefix = fmt::format("invalid route pattern \"{}\": ", c.pattern);
    CHECK(errors[0].message.starts_with(prefix));
    CHECK(errors[0].message.size() > prefix.size());
  }

  // The options of a route with a bad pattern are still checked.
  const auto errors = errors_of(v1("[routes.\"/a]\"]\nmaxAge = 1\n"));
  REQUIRE(errors.size() == 2);
  CHECK(at(errors[0].span.begin) == "2:12");
  CHECK(errors[0].message.starts_with("invalid route pattern \"/a]\": "));
  CHECK(format_short(errors[1]) ==
        "cache.toml:3:1: error: unknown key `maxAge` in [routes.\"/a]\"]; did you mean `max_age`?");
}

TEST_CASE("parse_config: every problem is reported, in file order")
{
  // toml++ orders tables by key (bypass, defaults, providers, routes, site; "/a" before "/z");
  // the errors come in the order they are written.
  const auto errors = errors_of(R"([site]
trailing_slash = "sometimes"
[routes."/z"]
maxAge = 1
[routes."/a"]
max_age = -1
[providers.cloudfare]
[defaults]
tags = [1]
[bypass]
query = "all"
)");
  std::vector<std::string> rendered;
  for (const auto& error : errors) {
    rendered.push_back(format_short(error));
  }
  const std::vector<std::string> expected{
      "cache.toml:1:1: error: missing `version = 1` at the top of the file",
      "cache.toml:2:18: error: `trailing_slash` must be one of \"ignore\", \"always\", \"never\", "
      "not "
      "\"sometimes\"",
      "cache.toml:4:1: error: unknown key `maxAge` in [routes.\"/z\"]; did you mean `max_age`?",
      "cache.toml:6:11: error: `max_age` must be between 0 and 2147483648, not -1",
      "cache.toml:7:12: error: unknown provider `cloudfare`; did you mean `cloudflare`?",
      "cache.toml:9:9: error: `tags` must be an array of strings; element 1 is an integer",
      "cache.toml:11:9: error: `query` must be one of \"never\", \"any\" or an array of strings, "
      "not "
      "\"all\"",
  };
  CHECK(rendered == expected);

  // Several problems on one line, in column order.
  const auto same_line = errors_of(v1("[defaults]\ntags = [1, \"a\", 2]\n"));
  REQUIRE(same_line.size() == 2);
  CHECK(at(same_line[0].span.begin) == "3:9");
  CHECK(at(same_line[1].span.begin) == "3:17");
}

TEST_CASE("parse_config: rules and providers keep file order")
{
  const Config config = loaded(R"(version = 1
[routes."/z"]
max_age = 1
[routes."/a/[b]"]
max_age = 2
[providers.varnish]
[routes."/m"]
max_age = 3
[providers.akamai]
[routes."/"]
max_age = 4
[providers.fastly]
)");
  REQUIRE(config.rules.size() == 4);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"/z", "2:9"}, {"/a/[b]", "4:9"}, {"/m", "7:9"}, {"/", "10:9"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(config.rules[i].pattern.source() == expected[i].first);
    CHECK(at(config.rules[i].pos) == expected[i].second);
    CHECK(config.rules[i].options == with_max_age(static_cast<std::int64_t>(i + 1)));
  }
  REQUIRE(config.providers.size() == 3);
  CHECK(config.providers[0].name == "varnish");
  CHECK(config.providers[1].name == "akamai");
  CHECK(config.providers[2].name == "fastly");
  CHECK(at(config.providers[1].pos) == "9:12");
}

TEST_CASE("parse_config: unknown providers")
{
  check_errors({
      {"[providers.cloudfare]\n",
       "cache.toml:2:12: error: unknown provider `cloudfare`; did you mean `cloudflare`?"},
      {"[providers.CloudFlare]\nzone_id = \"x\"\n",
       "cache.toml:2:12: error: unknown provider `CloudFlare`; did you mean `cloudflare`?"},
      {"[providers]\nfastlyy = {}\n",
       "cache.toml:3:1: error: unknown provider `fastlyy`; did you mean `fastly`?"},
      // Its keys cannot be checked, so they are not reported.
      {"[providers.foo]\nbar = 1\n", "cache.toml:2:12: error: unknown provider `foo`"},
  });
}

TEST_CASE("parse_config: provider settings as text and lists")
{
  const Config config = loaded(v1(R"([providers.akamai]
edgerc = "~/.edgerc"
network = "staging"
rate = 2.5
timeout = 30
batch_size = 50
[providers.varnish]
nodes = ["http://a:6081", "http://b:6081"]
method = "BAN"
timeout = 1e3
)"));
  REQUIRE(config.providers.size() == 2);
  const ProviderSettings& akamai = config.providers[0];
  const std::map<std::string, std::string> akamai_values{{"batch_size", "50"},
                                                         {"edgerc", "~/.edgerc"},
                                                         {"network", "staging"},
                                                         {"rate", "2.5"},
                                                         {"timeout", "30"}};
  CHECK(akamai.values == akamai_values);
  CHECK(akamai.lists.empty());
  CHECK(positions(akamai.key_pos) == "batch_size@7:1 edgerc@3:1 network@4:1 rate@5:1 timeout@6:1");
  const ProviderSettings& varnish = config.providers[1];
  const std::map<std::string, std::string> varnish_values{{"method", "BAN"}, {"timeout", "1000.0"}};
  CHECK(varnish.values == varnish_values);
  const std::map<std::string, std::vector<std::string>> varnish_lists{
      {"nodes", {"http://a:6081", "http://b:6081"}}};
  CHECK(varnish.lists == varnish_lists);
  CHECK(at(varnish.pos) == "8:12");
}

TEST_CASE("parse_config: [site]")
{
  // The default provider needs no [providers.x] table; the base is normalized.
  const Config config = loaded(v1(R"([site]
provider = "fastly"
base = "docs"
trailing_slash = "never"
origins = ["https://docs.example.com"]
)"));
  CHECK(config.provider == "fastly");
  CHECK(config.providers.empty());
  CHECK(config.base == "/docs");
  CHECK(config.trailing_slash == TrailingSlash::never);
  CHECK(config.origins == std::vector<std::string>{"https://docs.example.com"});

  CHECK(loaded(v1("[site]\nbase = \"\"\n")).base == "/");
  CHECK(loaded(v1("[site]\ntrailing_slash = \"always\"\n")).trailing_slash ==
        TrailingSlash::always);
  CHECK(loaded(v1("[site]\n")).provider.empty());
}

TEST_CASE("parse_config: only the keys written are set")
{
  const Config config = loaded(v1("[routes.\"/a\"]\nmax_age = 5\n[defaults]\ntags = []\n"));
  REQUIRE(config.rules.size() == 1);
  CHECK(config.rules[0].options == with_max_age(5));
  CHECK(positions(config.rules[0].key_pos) == "max_age@3:1");
  CHECK(config.defaults == CacheOptions{});
}

TEST_CASE("parse_config: every key of the table reaches the typed model")
{
  const Config plain = loaded(v1(""));
  for (const auto& spec : config_keys()) {
    CAPTURE(spec.name);
    const std::string line = fmt::format("{} = {}\n", spec.name, sample_value(spec));
    switch (spec.scope) {
    case KeyScope::root:
      break;
    case KeyScope::site:
      CHECK(site_fingerprint(loaded(v1("[site]\n" + line))) != site_fingerprint(plain));
      break;
    case KeyScope::options: {
      const Config route = loaded(v1("[routes.\"/\"]\n" + line));
      REQUIRE(route.rules.size() == 1);
      CHECK(route.rules[0].options != CacheOptions{});
      CHECK(route.rules[0].key_pos.at(std::string(spec.name)).key == SourcePos{3, 1});
      if (spec.type != KeyType::table) {
        CHECK(loaded(v1("[defaults]\n" + line)).defaults != CacheOptions{});
      }
      break;
    }
    case KeyScope::bypass:
      CHECK(loaded(v1("[bypass]\n" + line)).bypass != BypassRules{});
      break;
    case KeyScope::cache_key: {
      const Config route =
          loaded(v1("[routes.\"/\"]\ncache_key = { " + line.substr(0, line.size() - 1) + " }\n"));
      REQUIRE(route.rules.size() == 1);
      REQUIRE(route.rules[0].options.cache_key);
      CHECK(*route.rules[0].options.cache_key != CacheKey{});
      CHECK(route.rules[0].key_pos.contains(fmt::format("cache_key.{}", spec.name)));
      break;
    }
    case KeyScope::provider: {
      const std::string_view provider =
          spec.providers.empty() ? "generic" : split_list(spec.providers).front();
      const Config config = loaded(v1(fmt::format("[providers.{}]\n{}", provider, line)));
      REQUIRE(config.providers.size() == 1);
      const auto& settings = config.providers[0];
      const std::string name(spec.name);
      CHECK((settings.values.contains(name) || settings.lists.contains(name)));
      CHECK(settings.key_pos.at(name).key == SourcePos{3, 1});
      break;
    }
    }
  }
}

TEST_CASE("parse_config: a 20,000-route, 10 MB config loads in file order")
{
  constexpr std::size_t routes = 20000;
  constexpr std::size_t tags_per_route = 30;
  std::string text = "version = 1\n";
  text.reserve(routes * 520);
  for (std::size_t i = 0; i < routes; ++i) {
    text += fmt::format("[routes.\"/section-{}/[slug]\"]\nmax_age = {}\ntags = [", i, i);
    for (std::size_t t = 0; t < tags_per_route; ++t) {
      text += fmt::format("{}\"tag-{}-{}\"", t == 0 ? "" : ", ", i, t);
    }
    text += "]\n";
  }
  CHECK(text.size() > 9'000'000);

  const Config config = loaded(text);
  REQUIRE(config.rules.size() == routes);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < routes; ++i) {
    const Rule& rule = config.rules[i];
    const bool ok = rule.pattern.source() == fmt::format("/section-{}/[slug]", i) &&
                    rule.options.max_age == static_cast<std::int64_t>(i) &&
                    rule.options.tags.size() == tags_per_route &&
                    rule.options.tags.back() == fmt::format("tag-{}-{}", i, tags_per_route - 1) &&
                    rule.pos == SourcePos{static_cast<std::uint32_t>(2 + 3 * i), 9};
    mismatches += ok ? 0 : 1;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("parse_config: a table written twice is named as written")
{
  const auto loaded = read_config_text(
      "version = 1\n[routes.\"/blog\"]\nmax_age = 1\n[routes.\"/blog\"]\n", "cache.toml");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(format_short(loaded.diagnostics[0]) ==
        "cache.toml:4:1: error: invalid TOML in table header: cannot redefine existing table "
        "'routes.\"/blog\"'");
  CHECK(loaded.diagnostics[0].code == "toml-syntax");
}
