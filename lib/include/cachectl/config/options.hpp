// Cache options of a rule (or of [defaults]) and how they merge.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cachectl {

/// Request traits that make a response uncacheable (`[bypass]`, globally or per rule).
struct BypassRules {
  std::vector<std::string> cookies; ///< cookie names; a trailing `*` matches a prefix
  std::vector<std::string> headers; ///< request header names whose presence bypasses
  enum class Query { never, any, listed };
  Query query = Query::never;
  std::vector<std::string> query_params; ///< for `listed`

  /// True when no trait is configured.
  bool empty() const;
  friend bool operator==(const BypassRules&, const BypassRules&) = default;
};

/// What the cache key holds besides the URL path (`cache_key = { query = [...], ... }`).
struct CacheKey {
  /// Query parameters in the key; unset: the whole query string (every platform's default).
  std::optional<std::vector<std::string>> query;
  std::vector<std::string> cookies; ///< cookie names in the key
  std::vector<std::string> headers; ///< request header names in the key

  friend bool operator==(const CacheKey&, const CacheKey&) = default;
};

/// Cache options; every field is optional so that layers can be merged.
struct CacheOptions {
  std::optional<bool> cache; ///< false: opt out (private, no-store)
  std::optional<std::int64_t> max_age;
  std::optional<std::int64_t> swr;
  std::optional<std::int64_t> stale_if_error;
  std::optional<std::int64_t> browser_max_age;
  std::optional<std::int64_t> browser_swr;            ///< stale-while-revalidate for browsers
  std::optional<std::int64_t> browser_stale_if_error; ///< stale-if-error for browsers
  std::optional<bool> browser_no_cache;               ///< `no-cache` for browsers only
  std::optional<bool> public_;                        ///< `public` in Cache-Control
  /// TTL of a cacheable 4xx/5xx response without a `status` entry (seconds; unset: 180).
  std::optional<std::int64_t> negative_max_age;
  /// TTL per response status: key `"404"` or a class `"4xx"`, value seconds (`[….status]`).
  std::optional<std::map<std::string, std::int64_t>> status_max_age;
  std::optional<CacheKey> cache_key; ///< `cache_key` (query, cookies, headers)
  std::optional<bool> immutable;
  std::optional<bool> must_revalidate;
  std::optional<bool> private_;  ///< browser-only caching (`private = true`)
  std::vector<std::string> tags; ///< may hold `{param}` templates until expanded
  std::optional<std::vector<std::string>> vary;
  std::optional<std::vector<std::string>> methods;
  std::optional<std::vector<std::int64_t>> statuses;
  std::optional<std::string> last_modified; ///< as written (RFC 3339 or IMF-fixdate)
  std::optional<std::string> etag;
  std::optional<BypassRules> bypass;

  friend bool operator==(const CacheOptions&, const CacheOptions&) = default;
};

/// The negative TTL used when `negative_max_age` is not set: 180 s, the 3 minutes Cloudflare keeps
/// a 404 or 410 by default.
inline constexpr std::int64_t default_negative_max_age = 180;

/// Methods a rule caches unless `methods` says otherwise.
const std::vector<std::string>& default_methods();
/// Statuses a rule caches unless `statuses` says otherwise (RFC 9110 15.1 heuristically
/// cacheable: 200 203 204 206 300 301 308 404 405 410 414 501).
const std::vector<std::int64_t>& default_statuses();

/// Lays `top` over `base`: scalars last-write-wins, tags accumulate without duplicates,
/// `last_modified` keeps the most recent, and `cache = false` in `top` clears everything.
CacheOptions merge(const CacheOptions& base, const CacheOptions& top);

/// Replaces `{name}` in each tag with the value of the captured param `name`; a name of the
/// pattern (`names`) that captured nothing (an empty rest) expands to "", any other name is
/// left as written. Duplicates after expansion are dropped.
std::vector<std::string> expand_tags(const std::vector<std::string>& tags,
                                     const std::vector<std::pair<std::string, std::string>>& params,
                                     const std::vector<std::string>& names);

/// The canonical tags of a page: each `{name}` replaced by the percent-decoded value of the
/// captured param `name`; a param of the pattern (`names`) that captured nothing (an empty rest)
/// expands to nothing together with one `/` next to it (`blog/{slug}` on `/blog` is `blog`);
/// other names stay as written. Duplicates after expansion are dropped.
std::vector<std::string>
expand_page_tags(const std::vector<std::string>& tags,
                 const std::vector<std::pair<std::string, std::string>>& params,
                 const std::vector<std::string>& names);

} // namespace cachectl
