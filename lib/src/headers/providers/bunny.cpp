// Bunny CDN. CDN-Tag: header value at most 1,024 bytes
// (https://docs.bunny.net/reference/pullzonepublic_purgecachepostbytag); separator and case
// undocumented (comma assumed). Origin Vary is ignored; variance is set in "Vary Cache"
// (https://support.bunny.net/hc/en-us/articles/360012186820). Purge: /pullzone/{id}/purgeCache.
//
// Headers: with the pull zone's cache expiration set to respect the origin, Bunny caches by the
// origin's Cache-Control or Expires (https://bunny.net/docs/cdn/purge-cache,
// https://bunny.net/docs/cdn/smart-cache). Bunny has no CDN-only TTL header; that it reads
// s-maxage is not in its docs (unconfirmed) — integrations built for Bunny send
// `public, max-age=0, s-maxage=…` with CDN-Tag (https://packagist.org/packages/
// kraenkvisuell/statamic-bunny-cache), which is what is written. stale-while-revalidate and
// stale-if-error are undocumented (unconfirmed) and not written.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"pull_zone_id", "[0-9]{1,12}", "a number"}};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Cache-Control (s-maxage unconfirmed, then max-age)",
    "Expires",
    "the pull zone's cache expiration setting"};

} // namespace

const ProviderInfo bunny_provider = {
    .name = "bunny",
    .display = "Bunny CDN",
    .has_tags = true,
    .tags = {.header = "CDN-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 1024,
             .tag_case = TagCase::unknown},
    .vary = VaryPolicy::ignored,
    .required = k_required,
    .headers =
        {.available = true,
         .style = CdnTtlStyle::s_maxage,
         .public_directive = true,
         .cache_key_note =
             "the pull zone's Vary Cache settings (query string, cookie, header) in the dashboard",
         .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://api.bunny.net",
              .token_env = "BUNNY_API_KEY",
              .url_batch = 1,
              .tag_batch = 1,
              .prefix_batch = 1,
              .everything = true,
              .rate = 5,
              .concurrency = 4,
              .rate_source = "one URL or tag per call; exact URLs 5/s (burst 120), prefixes 0.5/s"},
};

} // namespace cachectl
