// Cache options of a rule (or of [defaults]) and how they merge.
#pragma once

#include <cstdint>
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

/// Cache options; every field is optional so that layers can be merged.
struct CacheOptions {
  std::optional<bool> cache; ///< false: opt out (private, no-store)
  std::optional<std::int64_t> max_age;
  std::optional<std::int64_t> swr;
  std::optional<std::int64_t> stale_if_error;
  std::optional<std::int64_t> browser_max_age;
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

} // namespace cachectl
