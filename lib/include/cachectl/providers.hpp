// What cachectl knows about each CDN: tag syntax and limits, TTL caps, Vary handling, and the
// settings purging needs. One descriptor per provider (lib/src/providers/<name>.cpp); the
// validator's limit checks, `headers` and `purge` all read these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace cachectl {

/// Which bytes a provider accepts inside one tag.
enum class TagCharset {
  printable_ascii,     ///< 0x21–0x7E (no space, no controls)
  akamai,              ///< letters, digits and ! # $ % & ' + . ^ _ ` | ~ -
  header_token_or_any, ///< anything that is not the separator or whitespace (unconfirmed limits)
};

/// Whether a provider compares tags case-sensitively.
enum class TagCase { sensitive, insensitive, unknown };

/// Cache-tag support of a provider.
struct TagSyntax {
  std::string_view header = {}; ///< response header that carries tags
  char separator = ',';         ///< separates tags within one header value
  TagCharset charset = TagCharset::printable_ascii;
  std::size_t max_tag_length = 0;   ///< bytes per tag; 0 = no documented limit
  std::size_t max_tags = 0;         ///< tags per response; 0 = no documented limit
  std::size_t max_header_bytes = 0; ///< bytes of the header value; 0 = no documented limit
  TagCase tag_case = TagCase::unknown;
};

/// A setting `[providers.<name>]` must have for purging, with the shape of its value.
struct RequiredSetting {
  std::string_view key;
  std::string_view
      shape; ///< regular expression (RE2, full match) the value must match; empty = any
  std::string_view shape_text; ///< the shape in words, for messages
};

/// How a provider treats the response `Vary` header.
enum class VaryPolicy {
  honoured,        ///< standard Vary (cache variants)
  accept_encoding, ///< only Accept-Encoding varies; anything else is ignored
  listed,          ///< only the headers in `vary_allowed` keep the response cacheable
  ignored,         ///< Vary is ignored (variance configured in the dashboard)
};

/// Everything cachectl knows about one provider.
struct ProviderInfo {
  std::string_view name;    ///< config spelling, e.g. "cloudflare"
  std::string_view display; ///< e.g. "Cloudflare"
  bool has_tags = false;
  TagSyntax tags = {};
  std::int64_t max_ttl = 0; ///< longest TTL honoured, seconds; 0 = no cap known
  VaryPolicy vary = VaryPolicy::honoured;
  std::span<const std::string_view> vary_allowed = {}; ///< for `listed`
  std::span<const std::string_view> vary_refused = {}; ///< Vary values that make it not cache
  std::span<const RequiredSetting> required = {};      ///< for purging
};

/// Every provider, in documentation order (the same names as provider_names()).
std::span<const ProviderInfo* const> providers();

/// The descriptor of `name`; null if unknown.
const ProviderInfo* find_provider(std::string_view name);

// One descriptor per provider, defined in lib/src/providers/<name>.cpp.
extern const ProviderInfo generic_provider;
extern const ProviderInfo cloudflare_provider;
extern const ProviderInfo fastly_provider;
extern const ProviderInfo akamai_provider;
extern const ProviderInfo netlify_provider;
extern const ProviderInfo vercel_provider;
extern const ProviderInfo bunny_provider;
extern const ProviderInfo cloudfront_provider;
extern const ProviderInfo google_provider;
extern const ProviderInfo azure_provider;
extern const ProviderInfo varnish_provider;
extern const ProviderInfo nginx_provider;
extern const ProviderInfo http_provider;

} // namespace cachectl
