// The policy step of `headers`: the effective cache options of one request ([defaults], then the
// matched rule, then command-line overrides) and whether the response may be cached at all
// (cache = false, methods, statuses, [bypass]).
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/config/options.hpp>
#include <cachectl/match/matcher.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// The request a response is rendered for.
struct Request {
  std::string method = "GET"; ///< case-sensitive, as HTTP methods are (RFC 9110 9.1)
  std::int64_t status = 200;  ///< status of the response
  /// Request header fields as given (`Cookie`, `Authorization`, …); names compare ignoring case.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string query;      ///< the URL's query, without `?` (as normalize_url keeps it)
  bool has_query = false; ///< the URL had a `?`
  /// The response's Date (epoch seconds); when set, a Last-Modified later than it is reported.
  std::optional<std::int64_t> now;
};

/// A condition that makes a response uncacheable.
enum class Condition {
  opt_out,       ///< `cache = false` ([defaults], the rule) or --no-cache
  method,        ///< the method is not in `methods`
  status,        ///< the status is not in `statuses`
  bypass_cookie, ///< a cookie named in `[bypass] cookies` is present
  bypass_header, ///< a header named in `[bypass] headers` is present
  bypass_query,  ///< the query string trips `[bypass] query`
};

/// The snake_case name of a condition (`bypass_cookie`), as JSON output spells it.
std::string_view to_string(Condition condition);

/// One condition that fired, with a sentence saying which trait and which setting.
struct ConditionHit {
  Condition condition = Condition::opt_out;
  std::string detail; ///< e.g. "cookie `session` matches [bypass] cookies \"session\""

  friend bool operator==(const ConditionHit&, const ConditionHit&) = default;
};

/// What the policy step decided for one request.
struct Policy {
  bool cacheable = true;             ///< false: `Cache-Control: private, no-store`, nothing else
  std::vector<ConditionHit> reasons; ///< every condition that fired (empty when cacheable)
  CacheOptions options;              ///< effective options, tag templates expanded
  /// The parsed `last_modified`, epoch seconds (only for a cacheable response).
  std::optional<std::int64_t> last_modified;
  std::optional<std::string> etag; ///< the validated `etag`, quoted (only when cacheable)
  /// Values that could not be used and were left out (an `etag` that is not an entity tag, a
  /// `last_modified` that is not a date, a Last-Modified later than `Request::now`).
  std::vector<std::string> warnings;
  /// How the TTL was chosen where it was not simply `max_age` (a `status` entry, the negative
  /// TTL); for --explain.
  std::vector<std::string> notes;
};

/// Decides the policy of a request to a matched rule: `[defaults]` → rule → `overrides` with
/// merge() (scalars last-write-wins, tags accumulate without duplicates, `last_modified` most
/// recent wins, `cache = false` opts out), `{param}` templates expanded from the match (also in
/// overridden tags), then the conditions: opt-out, `methods` (default GET, HEAD), `statuses`
/// (default the RFC 9110 heuristically cacheable set), and the global and per-rule `[bypass]`.
Policy decide_policy(const Config& config,
                     const RuleMatch& match,
                     const Request& request,
                     const CacheOptions& overrides = {});

/// True when decide_policy() gives every URL that rule `rule` matches the same policy for one
/// request (method, status, request headers, date) and `overrides`: the options are static
/// (options_are_static), no tag of `overrides` is a template, and no `[bypass] query` (global or
/// the rule's) reads the URL's query. Callers may then decide once per rule and reuse it.
bool policy_is_per_rule(const Config& config, std::size_t rule, const CacheOptions& overrides);

/// The entity tag `text` as an ETag value (RFC 9110 8.8.3: `"opaque"` or `W/"opaque"`, opaque
/// bytes 0x21, 0x23–0x7E or 0x80–0xFF); nullopt when it is not one.
std::optional<std::string> parse_etag(std::string_view text);

/// The names of the cookies in `Cookie` request headers (`a=1; b=2` → a, b), in order.
std::vector<std::string>
cookie_names(const std::vector<std::pair<std::string, std::string>>& headers);

/// True when a cookie `name` matches a `[bypass] cookies` entry: equal bytes, or, for an entry
/// ending in `*`, starting with the text before the `*`.
bool cookie_matches(std::string_view pattern, std::string_view name);

/// The parameter names of a query string (`a=1&b&c=`) with percent-escapes decoded, in order.
std::vector<std::string> query_param_names(std::string_view query);

/// True when `name` is an RFC 9110 token (field names and methods are tokens).
bool is_token(std::string_view name);

} // namespace cachectl
