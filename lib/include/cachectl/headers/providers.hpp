// What cachectl knows about each CDN: tag syntax and limits, TTL caps, Vary handling, the
// response headers it reads, and the settings purging needs. One descriptor per provider
// (lib/src/headers/providers/<name>.cpp); the validator's limit checks, `headers` and `purge` all
// read these.
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

/// How the tags of one header value are written.
enum class TagListFormat {
  plain,      ///< tags joined by the separator, nothing else (`a,b` or `a b`)
  sf_strings, ///< an RFC 9651 List of sf-strings (`"a", "b"`), as RFC 9875 Cache-Groups
};

/// Cache-tag support of a provider.
struct TagSyntax {
  std::string_view header = {}; ///< response header that carries tags
  char separator = ',';         ///< separates tags within one header value
  TagCharset charset = TagCharset::printable_ascii;
  std::size_t max_tag_length = 0;   ///< bytes per tag; 0 = no documented limit
  std::size_t max_tags = 0;         ///< tags per response; 0 = no documented limit
  std::size_t max_header_bytes = 0; ///< bytes of the header value; 0 = no documented limit
  TagCase tag_case = TagCase::unknown;
  TagListFormat format = TagListFormat::plain; ///< how one header value lists the tags
  /// The provider reads several lines of the tag header (`max_header_bytes` then limits the
  /// values of all lines together); false: one line only (extra lines are ignored).
  bool multiple_lines = false;
  /// Bytes of one whole header line (`Name: value`) where a proxy limits each line; longer tag
  /// lists are split into several lines when `multiple_lines`; 0 = no per-line limit.
  std::size_t max_line_bytes = 0;
};

/// Where a provider takes the shared (CDN) TTL from, which decides the header `headers` writes.
enum class CdnTtlStyle {
  targeted_field,    ///< an RFC 9213 targeted field, an RFC 9651 dictionary (CDN-Cache-Control)
  surrogate_control, ///< Surrogate-Control, Cache-Control syntax (Fastly)
  edge_control,      ///< Akamai Edge-Control, `cache-maxage=<n><unit>` with unit s, m, h or d
  s_maxage,          ///< `s-maxage` in Cache-Control; no CDN-only header
  accel_expires,     ///< nginx X-Accel-Expires: integer seconds, written before Cache-Control
};

/// How `headers` writes the response headers a provider reads.
struct HeaderProfile {
  bool available = false; ///< false: not a header profile (the `http` purge webhook)
  CdnTtlStyle style = CdnTtlStyle::s_maxage; ///< where the CDN TTL is written
  std::string_view cdn_header = {};          ///< CDN-only TTL header; empty for `s_maxage`
  /// `[providers.<name>]` string setting that replaces `cdn_header` (one of the key's choices).
  std::string_view cdn_header_setting = {};
  bool cdn_header_stripped = false;    ///< the CDN removes `cdn_header` before the browser
  bool public_directive = false;       ///< `public` is written in the header carrying the CDN TTL
  bool stale_while_revalidate = false; ///< honours stale-while-revalidate
  bool stale_if_error = false;         ///< honours stale-if-error
  /// `[providers.<name>]` boolean setting that adds the `durable` directive (Netlify).
  std::string_view durable_setting = {};
  /// `[providers.<name>]` setting naming the tag header; when the profile has one, tags are
  /// only written once it is set (CloudFront reads tags only from its CacheTagConfig header).
  std::string_view tag_header_setting = {};
  /// Response header that puts query parameters, cookies and headers into the cache key
  /// (`Netlify-Vary`); empty: the key is configured at the provider, as `cache_key_note` says.
  std::string_view cache_key_header = {};
  std::string_view cache_key_note = {}; ///< where the cache key is configured instead
  std::size_t max_etag_bytes = 0;       ///< longest ETag the cache stores; 0 = no documented limit
  /// The TTL sources the provider reads, highest priority first (for --explain and the docs).
  std::span<const std::string_view> precedence = {};
};

/// A setting `[providers.<name>]` must have for purging, with the shape of its value.
struct RequiredSetting {
  std::string_view key;
  std::string_view
      shape; ///< regular expression (RE2, full match) the value must match; empty = any
  std::string_view shape_text; ///< the shape in words, for messages
};

/// How a provider's purge API is called: what it can purge, in batches of how many, how fast.
/// The batch sizes are items per API call for each kind of target; 0 = the kind is not
/// supported. Rates and concurrency are defaults that `[providers.<name>]` overrides.
struct PurgeProfile {
  bool available = false;            ///< false: no purge adapter (the `generic` profile)
  std::string_view endpoint = {};    ///< API base URL (or empty: `nodes`/`url` are required)
  std::string_view token_env = {};   ///< default environment variable of the API token
  bool token_required = true;        ///< false: the API works without a token (cache nodes)
  std::size_t url_batch = 0;         ///< URLs per call
  std::size_t tag_batch = 0;         ///< tags per call
  std::size_t prefix_batch = 0;      ///< prefixes per call
  std::size_t host_batch = 0;        ///< hosts per call
  bool everything = false;           ///< can purge everything
  bool soft = false;                 ///< `--soft` (mark stale instead of evicting) is supported
  std::size_t max_body_bytes = 0;    ///< request body limit in bytes; 0 = none documented
  double rate = 1;                   ///< requests per second
  unsigned concurrency = 1;          ///< requests in flight at once
  std::string_view rate_source = {}; ///< where the rate and limits come from, for the docs
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
  HeaderProfile headers = {};                          ///< for `headers`
  PurgeProfile purge = {};                             ///< for `purge`
};

/// Every provider, in documentation order (the same names as provider_names()).
std::span<const ProviderInfo* const> providers();

/// The descriptor of `name`; null if unknown.
const ProviderInfo* find_provider(std::string_view name);

/// True when `c` may appear in a tag of a provider with this charset.
bool tag_char_accepted(TagCharset charset, char c);

// One descriptor per provider, defined in lib/src/headers/providers/<name>.cpp.
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
