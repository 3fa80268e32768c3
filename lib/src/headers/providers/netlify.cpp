// Netlify. Netlify-Cache-Tag: https://docs.netlify.com/platform/caching/ (comma-separated;
// length, count and case limits undocumented). Vary: standard Vary is part of the cache key
// (plus Netlify-Vary). Purge: POST /api/v1/purge with a site_id (a UUID).
//
// Headers: Netlify reads Netlify-CDN-Cache-Control (Netlify only, removed before the browser),
// then CDN-Cache-Control, then Cache-Control (https://docs.netlify.com/platform/caching/).
// Netlify's own examples write it as `public, durable, max-age=60, stale-while-revalidate=120`
// (https://raw.githubusercontent.com/netlify/context-and-tools/main/skills/netlify-caching/
// SKILL.md); `durable` (the shared durable cache, serverless functions only) is added when
// `[providers.netlify] durable = true`. must-revalidate is honoured; stale-if-error is not
// documented (unconfirmed), so it is not written.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {RequiredSetting{
    "site_id", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "a UUID"}};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Netlify-CDN-Cache-Control", "CDN-Cache-Control", "Cache-Control"};

} // namespace

const ProviderInfo netlify_provider = {
    .name = "netlify",
    .display = "Netlify",
    .has_tags = true,
    .tags = {.header = "Netlify-Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 0,
             .tag_case = TagCase::unknown},
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::targeted_field,
                .cdn_header = "Netlify-CDN-Cache-Control",
                .cdn_header_stripped = true,
                .public_directive = true,
                .stale_while_revalidate = true,
                .stale_if_error = false,
                .durable_setting = "durable",
                .cache_key_header = "Netlify-Vary",
                .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://api.netlify.com/api/v1",
              .token_env = "NETLIFY_AUTH_TOKEN",
              .tag_batch = 100,
              .everything = true,
              .rate = 2,
              .concurrency = 2,
              .rate_source = "each tag or site twice per 5 s"},
};

} // namespace cachectl
