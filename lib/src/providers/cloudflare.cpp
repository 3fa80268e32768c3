// Cloudflare CDN. Tags: https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/
// (comma-separated `Cache-Tag`, printable ASCII without spaces, case-insensitive, purge API
// accepts tags of at most 1,024 characters, the header value is capped at 16 KB).
// Vary: https://developers.cloudflare.com/cache/concepts/vary/ (only Accept-Encoding by default).
// Purge: POST /client/v4/zones/{zone_id}/purge_cache; zone ids are 32 hex digits.
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"zone_id", "[0-9a-f]{32}", "32 lowercase hex digits"}};

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
             .tag_case = TagCase::insensitive},
    .vary = VaryPolicy::accept_encoding,
    .required = k_required,
};

} // namespace cachectl
