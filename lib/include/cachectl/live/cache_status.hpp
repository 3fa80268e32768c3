// The cache status of a response as the caches on its way report it: RFC 9211 `Cache-Status`
// first, then each provider's own header (`cf-cache-status`, `x-vercel-cache`, `x-cache`,
// `x-cache-status`, `cdn-cache`), then `Age` alone. Parsing is total: any bytes give a result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// What the cache nearest the client did with a request.
enum class CacheState {
  unknown, ///< no header says (no cache, or one that does not tell)
  hit,     ///< served from cache, fresh
  stale,   ///< served from cache, stale (while revalidating, or on error)
  miss,    ///< fetched from the origin (and possibly stored)
  bypass,  ///< the cache did not take part (uncacheable request or response)
};

/// The lowercase name of a state (`hit`), as JSON output spells it.
std::string_view to_string(CacheState state);

/// True when the response came out of a cache (hit or stale).
bool served_from_cache(CacheState state);

/// The cache status of one response.
struct CacheStatus {
  CacheState state = CacheState::unknown;
  std::string source;              ///< the header that said it (`cache-status`), or empty
  std::string value;               ///< that header's value, at most 200 bytes
  std::optional<std::int64_t> age; ///< `Age` in seconds, when present and valid
  std::optional<std::int64_t> ttl; ///< RFC 9211 `ttl` of the nearest cache, when given
};

/// One entry of an RFC 9211 Cache-Status list: the cache's name and its parameters.
struct CacheStatusEntry {
  std::string cache;                                       ///< token or string, unquoted
  std::vector<std::pair<std::string, std::string>> params; ///< key, value (`?1` for a bare key)
};

/// The entries of a Cache-Status field value, first (nearest the origin) to last (nearest the
/// client); members that are not valid are skipped.
std::vector<CacheStatusEntry> parse_cache_status_field(std::string_view value);

/// The state of a provider header's value (`HIT`, `TCP_MISS`, `Hit from cloudfront`,
/// `HIT, MISS`: the last member of a list is the cache nearest the client).
CacheState parse_cache_word(std::string_view value);

/// The cache status of a response with `headers` (names lowercase, as the transport gives them).
CacheStatus cache_status_of(const std::vector<std::pair<std::string, std::string>>& headers);

} // namespace cachectl
