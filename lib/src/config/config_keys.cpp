#include "util/edit_distance.hpp"

#include <cachectl/config/config_keys.hpp>

#include <array>
#include <string>

namespace cachectl {

namespace {

using enum KeyScope;
using enum KeyType;

// Longest TTL accepted, in seconds (2^31, the limit RFC 9111 5.2 tells caches to honour).
constexpr std::int64_t max_seconds = 2147483648;

// Every provider `[providers.<name>]` accepts, `|`-separated (the choices of `site.provider`).
constexpr std::string_view provider_choices = "generic|cloudflare|fastly|akamai|netlify|vercel|"
                                              "bunny|cloudfront|google|azure|varnish|nginx|http";

constexpr std::array<std::string_view, 13> providers = {
    "generic",
    "cloudflare",
    "fastly",
    "akamai",
    "netlify",
    "vercel",
    "bunny",
    "cloudfront",
    "google",
    "azure",
    "varnish",
    "nginx",
    "http",
};

constexpr KeySpec keys[] = {
    // Top level.
    {.scope = root,
     .name = "version",
     .type = integer,
     .default_value = "",
     .summary = "config format version; must be 1",
     .min = 1,
     .max = 1},
    {.scope = root,
     .name = "site",
     .type = table,
     .default_value = "",
     .summary = "where and how the site is served ([site])"},
    {.scope = root,
     .name = "defaults",
     .type = table,
     .default_value = "",
     .summary = "base options of every matched route ([defaults])"},
    {.scope = root,
     .name = "bypass",
     .type = table,
     .default_value = "",
     .summary = "request traits that make a response uncacheable ([bypass])"},
    {.scope = root,
     .name = "routes",
     .type = table,
     .default_value = "",
     .summary = "cache options per route pattern, Astro syntax ([routes.\"/blog/[slug]\"])"},
    {.scope = root,
     .name = "providers",
     .type = table,
     .default_value = "",
     .summary = "settings of each CDN provider ([providers.<name>])"},

    // [site]
    {.scope = site,
     .name = "base",
     .type = string,
     .default_value = "\"/\"",
     .summary = "mount prefix; patterns are relative to it (Astro `base`)"},
    {.scope = site,
     .name = "trailing_slash",
     .type = string,
     .default_value = "\"ignore\"",
     .summary = "how a trailing `/` matches (Astro `trailingSlash`)",
     .choices = "ignore|always|never"},
    {.scope = site,
     .name = "origins",
     .type = string_array,
     .default_value = "[]",
     .summary = "origins used to expand `purge --path` into URLs"},
    {.scope = site,
     .name = "provider",
     .type = string,
     .default_value = "",
     .summary = "default provider of `headers` and `purge`",
     .choices = provider_choices},

    // [defaults] and [routes."…"]
    {.scope = options,
     .name = "cache",
     .type = boolean,
     .default_value = "true",
     .summary = "false opts out: private, no-store; defaults are not applied"},
    {.scope = options,
     .name = "max_age",
     .type = integer,
     .default_value = "",
     .summary = "shared/CDN TTL in seconds",
     .min = 0,
     .max = max_seconds},
    {.scope = options,
     .name = "swr",
     .type = integer,
     .default_value = "",
     .summary = "stale-while-revalidate seconds",
     .min = 0,
     .max = max_seconds},
    {.scope = options,
     .name = "stale_if_error",
     .type = integer,
     .default_value = "",
     .summary = "stale-if-error seconds",
     .min = 0,
     .max = max_seconds},
    {.scope = options,
     .name = "browser_max_age",
     .type = integer,
     .default_value = "",
     .summary = "browser TTL in seconds (max-age)",
     .min = 0,
     .max = max_seconds},
    {.scope = options,
     .name = "immutable",
     .type = boolean,
     .default_value = "false",
     .summary = "the response never changes while fresh (`immutable`)"},
    {.scope = options,
     .name = "must_revalidate",
     .type = boolean,
     .default_value = "false",
     .summary = "stale responses must be revalidated (`must-revalidate`)"},
    {.scope = options,
     .name = "private",
     .type = boolean,
     .default_value = "false",
     .summary = "cache in browsers only"},
    {.scope = options,
     .name = "tags",
     .type = string_array,
     .default_value = "[]",
     .summary = "cache tags; `{param}` expands from the matched URL"},
    {.scope = options,
     .name = "vary",
     .type = string_array,
     .default_value = "",
     .summary = "request headers the response varies on (`Vary`)"},
    {.scope = options,
     .name = "methods",
     .type = string_array,
     .default_value = "[\"GET\", \"HEAD\"]",
     .summary = "request methods whose responses may be cached"},
    {.scope = options,
     .name = "statuses",
     .type = integer_array,
     .default_value = "[200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]",
     .summary = "response statuses that may be cached; others get no-store",
     .min = 100,
     .max = 599},
    {.scope = options,
     .name = "last_modified",
     .type = string,
     .default_value = "",
     .summary = "Last-Modified as RFC 3339 or IMF-fixdate"},
    {.scope = options,
     .name = "etag",
     .type = string,
     .default_value = "",
     .summary = "ETag of the response"},
    {.scope = options,
     .name = "bypass",
     .type = table,
     .default_value = "",
     .summary = "per-rule bypass traits (routes only)"},

    // [bypass] and [routes."…".bypass]
    {.scope = KeyScope::bypass,
     .name = "cookies",
     .type = string_array,
     .default_value = "[]",
     .summary = "cookie names that bypass the cache; trailing * matches a prefix"},
    {.scope = KeyScope::bypass,
     .name = "headers",
     .type = string_array,
     .default_value = "[]",
     .summary = "request headers whose presence bypasses the cache"},
    {.scope = KeyScope::bypass,
     .name = "query",
     .type = string_or_string_array,
     .default_value = "\"never\"",
     .summary = "\"never\", \"any\", or a list of query parameter names",
     .choices = "never|any"},

    // [providers.<name>], every provider
    {.scope = provider,
     .name = "token_env",
     .type = string,
     .default_value = "",
     .summary = "environment variable holding the API token"},
    {.scope = provider,
     .name = "endpoint",
     .type = string,
     .default_value = "",
     .summary = "API base URL override (proxies, tests)"},
    {.scope = provider,
     .name = "batch_size",
     .type = integer,
     .default_value = "",
     .summary = "items per purge request (default: the provider's limit)",
     .min = 1},
    {.scope = provider,
     .name = "rate",
     .type = number,
     .default_value = "",
     .summary = "requests per second (greater than 0)",
     .min = 0},
    {.scope = provider,
     .name = "concurrency",
     .type = integer,
     .default_value = "",
     .summary = "purge requests in flight at once",
     .min = 1,
     .max = 64},
    {.scope = provider,
     .name = "retries",
     .type = integer,
     .default_value = "",
     .summary = "retries of a failed request",
     .min = 0,
     .max = 20},
    {.scope = provider,
     .name = "timeout",
     .type = number,
     .default_value = "",
     .summary = "request timeout in seconds (greater than 0)",
     .min = 0},

    // [providers.<name>], provider-specific
    {.scope = provider,
     .name = "zone_id",
     .type = string,
     .default_value = "",
     .summary = "Cloudflare zone ID",
     .providers = "cloudflare"},
    {.scope = provider,
     .name = "cdn_header",
     .type = string,
     .default_value = "",
     .summary = "targeted header that carries the CDN TTL (`headers`; default "
                "Cloudflare-CDN-Cache-Control)",
     .choices = "Cloudflare-CDN-Cache-Control|CDN-Cache-Control",
     .providers = "cloudflare"},
    {.scope = provider,
     .name = "service_id",
     .type = string,
     .default_value = "",
     .summary = "Fastly service ID",
     .providers = "fastly"},
    {.scope = provider,
     .name = "edgerc",
     .type = string,
     .default_value = "",
     .summary = "path of the .edgerc file holding the EdgeGrid credentials",
     .providers = "akamai"},
    {.scope = provider,
     .name = "edgerc_section",
     .type = string,
     .default_value = "\"default\"",
     .summary = "section of the .edgerc file to use",
     .providers = "akamai"},
    {.scope = provider,
     .name = "network",
     .type = string,
     .default_value = "\"production\"",
     .summary = "Akamai network to purge",
     .choices = "production|staging",
     .providers = "akamai"},
    {.scope = provider,
     .name = "action",
     .type = string,
     .default_value = "\"invalidate\"",
     .summary = "invalidate (revalidate at the origin) or delete",
     .choices = "invalidate|delete",
     .providers = "akamai|vercel"},
    {.scope = provider,
     .name = "site_id",
     .type = string,
     .default_value = "",
     .summary = "Netlify site ID",
     .providers = "netlify"},
    {.scope = provider,
     .name = "durable",
     .type = boolean,
     .default_value = "",
     .summary = "true adds `durable` to Netlify-CDN-Cache-Control (`headers`; default false)",
     .providers = "netlify"},
    {.scope = provider,
     .name = "project_id",
     .type = string,
     .default_value = "",
     .summary = "Vercel project ID",
     .providers = "vercel"},
    {.scope = provider,
     .name = "team_id",
     .type = string,
     .default_value = "",
     .summary = "Vercel team ID",
     .providers = "vercel"},
    {.scope = provider,
     .name = "pull_zone_id",
     .type = string,
     .default_value = "",
     .summary = "Bunny pull zone ID",
     .providers = "bunny"},
    {.scope = provider,
     .name = "distribution_id",
     .type = string,
     .default_value = "",
     .summary = "CloudFront distribution ID",
     .providers = "cloudfront"},
    {.scope = provider,
     .name = "tag_header",
     .type = string,
     .default_value = "",
     .summary = "response header that carries the cache tags",
     .providers = "cloudfront|http"},
    {.scope = provider,
     .name = "project",
     .type = string,
     .default_value = "",
     .summary = "Google Cloud project ID",
     .providers = "google"},
    {.scope = provider,
     .name = "url_map",
     .type = string,
     .default_value = "",
     .summary = "Cloud CDN URL map name",
     .providers = "google"},
    {.scope = provider,
     .name = "subscription_id",
     .type = string,
     .default_value = "",
     .summary = "Azure subscription ID",
     .providers = "azure"},
    {.scope = provider,
     .name = "resource_group",
     .type = string,
     .default_value = "",
     .summary = "Azure resource group",
     .providers = "azure"},
    {.scope = provider,
     .name = "profile",
     .type = string,
     .default_value = "",
     .summary = "Azure CDN / Front Door profile name",
     .providers = "azure"},
    {.scope = provider,
     .name = "endpoint_name",
     .type = string,
     .default_value = "",
     .summary = "Azure CDN / Front Door endpoint name",
     .providers = "azure"},
    {.scope = provider,
     .name = "nodes",
     .type = string_array,
     .default_value = "",
     .summary = "cache nodes to send purges to",
     .providers = "varnish|nginx"},
    {.scope = provider,
     .name = "method",
     .type = string,
     .default_value = "",
     .summary = "HTTP method of purge requests",
     .providers = "varnish|http"},
    {.scope = provider,
     .name = "url",
     .type = string,
     .default_value = "",
     .summary = "URL purge requests are sent to",
     .providers = "http"},
};

// True when `list` (`|`-separated) holds `item`.
bool
list_contains(std::string_view list, std::string_view item)
{
  while (true) {
    const std::size_t bar = list.find('|');
    if (list.substr(0, bar) == item) {
      return true;
    }
    if (bar == std::string_view::npos) {
      return false;
    }
    list.remove_prefix(bar + 1);
  }
}

// True when `spec` is a key of `scope` that `provider` accepts (any provider when empty).
bool
applies(const KeySpec& spec, KeyScope scope, std::string_view provider)
{
  if (spec.scope != scope) {
    return false;
  }
  return provider.empty() || spec.providers.empty() || list_contains(spec.providers, provider);
}

// True for A-Z.
bool
is_upper(char c)
{
  return c >= 'A' && c <= 'Z';
}

// True for a-z and 0-9.
bool
is_lower_or_digit(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// ASCII lowercase of `c`.
char
to_lower(char c)
{
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

// `name` with camelCase humps and `-` turned into snake_case (`staleIfError` → `stale_if_error`).
std::string
snake_case(std::string_view name)
{
  std::string out;
  out.reserve(name.size() + 4);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '-') {
      out += '_';
    } else if (is_upper(c)) {
      if (i > 0 && is_lower_or_digit(name[i - 1])) {
        out += '_';
      }
      out += to_lower(c);
    } else {
      out += c;
    }
  }
  return out;
}

// True when `a` and `b` are equal ignoring ASCII case.
bool
equal_ignoring_case(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) {
      return false;
    }
  }
  return true;
}

} // namespace

std::span<const KeySpec>
config_keys()
{
  return keys;
}

std::vector<std::string_view>
split_list(std::string_view list)
{
  std::vector<std::string_view> items;
  if (list.empty()) {
    return items;
  }
  while (true) {
    const std::size_t bar = list.find('|');
    items.push_back(list.substr(0, bar));
    if (bar == std::string_view::npos) {
      return items;
    }
    list.remove_prefix(bar + 1);
  }
}

std::span<const std::string_view>
provider_names()
{
  return providers;
}

const KeySpec*
find_key(KeyScope scope, std::string_view name, std::string_view provider)
{
  for (const auto& spec : keys) {
    if (spec.name == name && applies(spec, scope, provider)) {
      return &spec;
    }
  }
  return nullptr;
}

std::string_view
scope_title(KeyScope scope)
{
  switch (scope) {
  case KeyScope::root:
    return "top level";
  case KeyScope::site:
    return "[site]";
  case KeyScope::options:
    return "[defaults] / [routes.\"…\"]";
  case KeyScope::bypass:
    return "[bypass]";
  case KeyScope::provider:
    break;
  }
  return "[providers.<name>]";
}

std::string_view
suggest_key(KeyScope scope, std::string_view name, std::string_view provider)
{
  const std::string snake = snake_case(name);
  for (const auto& spec : keys) {
    if (applies(spec, scope, provider) && spec.name == snake) {
      return spec.name;
    }
  }
  for (const auto& spec : keys) {
    if (applies(spec, scope, provider) && equal_ignoring_case(spec.name, name)) {
      return spec.name;
    }
  }
  constexpr std::size_t max_distance = 2;
  std::string_view best;
  std::size_t best_distance = max_distance + 1;
  for (const auto& spec : keys) {
    if (!applies(spec, scope, provider)) {
      continue;
    }
    const std::size_t distance = edit_distance(snake, spec.name, max_distance);
    if (distance < best_distance) {
      best = spec.name;
      best_distance = distance;
    }
  }
  return best;
}

} // namespace cachectl
