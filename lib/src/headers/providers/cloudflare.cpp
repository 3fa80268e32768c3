// Cloudflare CDN. Tags: https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/
// (comma-separated `Cache-Tag`, printable ASCII without spaces, case-insensitive, purge API
// accepts tags of at most 1,024 characters, the header value is capped at 16 KB; a response may
// carry several Cache-Tag lines, the 16 KB counting all of them together).
// Vary: https://developers.cloudflare.com/cache/concepts/vary/ (only Accept-Encoding by default).
// Purge: POST /client/v4/zones/{zone_id}/purge_cache; zone ids are 32 hex digits.
//
// Headers: https://developers.cloudflare.com/cache/concepts/cdn-cache-control/ — Cloudflare reads
// Cloudflare-CDN-Cache-Control first (Cloudflare only, not passed on), then CDN-Cache-Control
// (passed downstream to other CDNs), then Cache-Control (s-maxage before max-age), then Expires;
// the targeted fields are RFC 9213 dictionaries. `[providers.cloudflare] cdn_header` picks which
// of the two targeted fields is written. Directives
// (https://developers.cloudflare.com/cache/concepts/cache-control/): max-age, must-revalidate,
// stale-while-revalidate and stale-if-error are honoured (stale serving is disabled by
// must-revalidate, s-maxage and proxy-revalidate, so s-maxage is never written here).
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"zone_id", "[0-9a-f]{32}", "32 lowercase hex digits"}};
constexpr std::array<std::string_view, 4> k_precedence = {"Cloudflare-CDN-Cache-Control",
                                                          "CDN-Cache-Control",
                                                          "Cache-Control (s-maxage, then max-age)",
                                                          "Expires"};

} // namespace

const ProviderInfo cloudflare_provider = {
    .name = "cloudflare",
    .display = "Cloudflare",
    .has_tags = true,
    .tags = {.header = "Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 1024,
             .max_tags = 0,
             .max_header_bytes = 16 * 1024,
             .tag_case = TagCase::insensitive,
             .multiple_lines = true},
    .vary = VaryPolicy::accept_encoding,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::targeted_field,
                .cdn_header = "Cloudflare-CDN-Cache-Control",
                .cdn_header_setting = "cdn_header",
                .cdn_header_stripped = true,
                .stale_while_revalidate = true,
                .stale_if_error = true,
                .cache_key_note = "a Cache Rule (Cache key: query string, headers, cookies) in the "
                                  "dashboard or Rulesets API",
                .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://api.cloudflare.com/client/v4",
              .token_env = "CLOUDFLARE_API_TOKEN",
              .url_batch = 30,
              .tag_batch = 100,
              .prefix_batch = 100,
              .host_batch = 100,
              .everything = true,
              .rate = 5,
              .concurrency = 4,
              .rate_source = "files: 30 per call (older accounts; 100 or 500 on newer plans), "
                             "tags/hosts/prefixes: 100 per call, 5 calls/s (Pro)"},
};

} // namespace cachectl
