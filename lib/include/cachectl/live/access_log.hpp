// Access logs for `warm --top N --log FILE`: the request path of a line in the combined/common
// log format or JSON Lines, and the most requested paths counted with bounded memory
// (the Space-Saving algorithm).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cachectl {

/// One request of an access log.
struct LogRequest {
  std::string method; ///< e.g. GET; empty when the line does not say
  std::string path;   ///< the request target's path (query and fragment dropped)
  int status = 0;     ///< 0 when the line does not say
};

/// The request of one log line: combined/common (`… "GET /x HTTP/1.1" 200 …`) or a JSON
/// object (keys `request` as in the common format, or `path`/`uri`/`request_uri`/`url` with
/// `method` and `status`); nullopt for a line that holds none (a blank line, a comment, an
/// absolute-form target of another scheme, a target that does not start with `/`).
std::optional<LogRequest> parse_log_line(std::string_view line);

/// True when a request is worth warming: GET (or unknown method) answered 2xx, 3xx or unknown.
bool warmable(const LogRequest& request);

/// The most frequent keys of a stream in bounded memory: at most `capacity` counters are kept;
/// when full, the smallest is replaced and its count inherited (an over-estimate by at most the
/// evicted count). Keys whose true count exceeds total/capacity are always kept.
class TopCounter {
public:
  /// A counter keeping at most `capacity` (at least 1) keys.
  explicit TopCounter(std::size_t capacity);

  /// Counts one occurrence of `key`.
  void add(std::string_view key);

  /// The `n` keys counted most, most first (ties by key), with their counts.
  std::vector<std::pair<std::string, std::uint64_t>> top(std::size_t n) const;

  /// Occurrences counted.
  std::uint64_t
  total() const
  {
    return m_total;
  }

private:
  std::size_t m_capacity;
  std::uint64_t m_total = 0;
  std::unordered_map<std::string, std::multimap<std::uint64_t, std::string>::iterator> m_keys;
  std::multimap<std::uint64_t, std::string> m_by_count; ///< count → key, smallest first
};

} // namespace cachectl
