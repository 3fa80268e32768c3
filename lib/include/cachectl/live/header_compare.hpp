// Comparison of a live response's headers with the headers the config says it should carry:
// exactly at the origin (every header `headers` writes), and as browsers see it at the edge
// (Cache-Control directives, Vary members, ETag, Last-Modified).
#pragma once

#include <cachectl/headers/headers.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// Response header fields as received: names lowercase, values trimmed, in order.
using ResponseHeaders = std::vector<std::pair<std::string, std::string>>;

/// One header that is not as configured.
struct HeaderDiff {
  std::string name;     ///< as the provider spells it (`CDN-Cache-Control`)
  std::string expected; ///< the configured value (lines of a repeated name joined by `, `)
  std::string got;      ///< the received value, likewise joined; empty when absent
  bool absent = false;  ///< the response has no such header
  std::string detail;   ///< what differs, e.g. "directive s-maxage=600 missing"; may be empty

  friend bool operator==(const HeaderDiff&, const HeaderDiff&) = default;
};

/// The values of header `name` (any case) in `headers`, joined by `, `; nullopt when absent.
std::optional<std::string> joined_header(const ResponseHeaders& headers, std::string_view name);

/// The directives of a Cache-Control value: names lowercased, values unquoted, in order.
std::vector<std::pair<std::string, std::string>> parse_directives(std::string_view value);

/// At the origin: each header of `expected` must arrive with the same value (a name written on
/// several lines is compared as its lines joined by `, `; Cache-Control and CDN TTL headers as
/// directive sets, order and name case ignored).
std::vector<HeaderDiff> compare_origin(const HeaderSet& expected, const ResponseHeaders& got);

/// At the edge, what browsers see: Cache-Control as a directive set, every configured Vary
/// member present (a CDN may add more), ETag equal (its weak `W/` form accepted, as compression
/// weakens it) and Last-Modified equal.
std::vector<HeaderDiff> compare_edge(const HeaderSet& expected, const ResponseHeaders& got);

} // namespace cachectl
