// `headers`: the response headers one provider reads, written byte-exactly for a decided policy,
// with the provider's tag syntax and limits enforced.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/headers/tags.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cachectl {

/// One response header line.
struct Header {
  std::string name;  ///< field name as the provider documents it (`Cache-Tag`)
  std::string value; ///< field value, without surrounding whitespace

  friend bool operator==(const Header&, const Header&) = default;
};

/// The headers of one response for one provider, and what had to give way.
struct HeaderSet {
  std::vector<Header> headers; ///< in the order to send them; a name may repeat (tag lines)
  /// Limits and refusals: tags escaped, dropped or split over lines, a TTL capped, a Vary the
  /// provider refuses, a tag header that is not configured.
  std::vector<std::string> warnings;
  /// What the profile leaves out or changes and why (directives the provider does not read,
  /// which header browsers see); for --explain.
  std::vector<std::string> notes;
};

/// The headers `provider` reads for `policy`. A policy that is not cacheable gets exactly
/// `Cache-Control: private, no-store`. Otherwise the CDN TTL (`max_age`, capped at the
/// provider's `max_ttl`) goes into the provider's CDN-only header where it has one, else into
/// `s-maxage`, and browsers get `browser_max_age` (0 when only `max_age` is set) in
/// Cache-Control; then the tag header(s), Vary, ETag and Last-Modified. `settings` is the
/// provider's `[providers.<name>]` table (`cdn_header`, `durable`, `tag_header`), or null.
HeaderSet generate_headers(const ProviderInfo& provider,
                           const Policy& policy,
                           const ProviderSettings* settings = nullptr);

/// The providers that have a header profile, in documentation order (every provider but the
/// `http` purge webhook).
std::vector<const ProviderInfo*> header_providers();

/// The header carrying the CDN TTL for `provider` with `settings` (Cloudflare's `cdn_header`);
/// empty when the TTL goes into `s-maxage`.
std::string_view cdn_header_name(const ProviderInfo& provider, const ProviderSettings* settings);

/// An RFC 9651 bare item: Boolean, Integer or String.
using SfItem = std::variant<bool, std::int64_t, std::string>;

/// One member of an RFC 9651 Dictionary.
struct SfMember {
  std::string key; ///< lcalpha or `*`, then lcalpha, DIGIT, `_`, `-`, `.`, `*`
  SfItem value;    ///< a true Boolean is written as the bare key
};

/// The RFC 9651 4.1.2 serialization of a Dictionary: members joined by `, `, a true Boolean as
/// the bare key, others as `key=item`; empty when a key or value cannot be serialized (a key
/// outside the grammar, an Integer beyond ±999,999,999,999,999, a String byte outside 0x20–0x7E).
std::string serialize_sf_dictionary(const std::vector<SfMember>& members);

/// The RFC 9651 4.1.6 serialization of a String: `"…"` with `"` and `\` escaped; empty when a
/// byte is outside 0x20–0x7E.
std::string serialize_sf_string(std::string_view text);

/// An Edge-Control time: the largest of d, h, m, s that divides `seconds` (`86400` → `1d`,
/// `90` → `90s`, `0` → `0s`).
std::string edge_control_time(std::int64_t seconds);

} // namespace cachectl
