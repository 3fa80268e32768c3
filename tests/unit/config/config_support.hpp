// Shared by the config unit tests: loading helpers and sample values per key type.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace cachectl::test {

// The configuration example of DESIGN.md, verbatim.
inline constexpr std::string_view design_example = R"(#:schema ./schema/cachectl.schema.json
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
inline Config
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
inline std::vector<Diagnostic>
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
inline std::string
error_of(std::string_view text)
{
  const auto errors = errors_of(text);
  REQUIRE(errors.size() == 1);
  return format_short(errors.front());
}

// `body` after the mandatory `version = 1` line (so `body` starts on line 2).
inline std::string
v1(std::string_view body)
{
  return "version = 1\n" + std::string(body);
}

// Options with only `max_age` set.
inline CacheOptions
with_max_age(std::int64_t seconds)
{
  CacheOptions options;
  options.max_age = seconds;
  return options;
}

// `pos` as `line:column`, for readable comparisons.
inline std::string
at(const SourcePos& pos)
{
  return fmt::format("{}:{}", pos.line, pos.column);
}

// Key positions as `name@line:column` items, in key order.
inline std::string
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
inline void
check_errors(std::initializer_list<ErrorCase> cases)
{
  for (const auto& c : cases) {
    CAPTURE(c.body);
    CHECK(error_of(v1(c.body)) == c.expected);
  }
}

// The `|`-separated items of `list`.
inline std::vector<std::string_view>
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
inline std::string
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
inline std::string
site_fingerprint(const Config& config)
{
  std::string origins;
  for (const auto& origin : config.origins) {
    origins += origin + ",";
  }
  return fmt::format(
      "{}|{}|{}|{}", config.base, to_string(config.trailing_slash), origins, config.provider);
}

} // namespace cachectl::test
