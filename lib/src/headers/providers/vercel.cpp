// Vercel. Vercel-Cache-Tag: https://vercel.com/docs/caching/cdn-cache (comma-separated; limits
// undocumented — Next.js cacheTag's 256 characters and 128 tags are used, as the closest
// documented bound). s-maxage is honoured from 1 to 31,536,000 s. `Vary: Cookie` responses
// are not cached (https://vercel.com/changelog/vary-cookie-responses-no-longer-cached).
// Purge: /v1/edge-cache/invalidate-by-tags?projectIdOrName=…
//
// Headers: Vercel reads Vercel-CDN-Cache-Control, then CDN-Cache-Control, then Cache-Control
// (https://vercel.com/guides/set-cache-control-headers, with `Vercel-CDN-Cache-Control:
// max-age=3600` as its example). Whether Vercel removes Vercel-CDN-Cache-Control before the
// browser is not documented (unconfirmed). stale-while-revalidate is honoured
// (https://vercel.com/docs/headers/cache-control-headers); stale-if-error is listed as not
// supported (https://vercel.com/docs/concepts/functions/serverless-functions/edge-caching), and
// must-revalidate is not a documented CDN directive, so neither is written.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"project_id", "[A-Za-z0-9_.-]{1,100}", "a project id (prj_…) or name"}};
constexpr std::array<std::string_view, 1> k_vary_refused = {"Cookie"};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Vercel-CDN-Cache-Control", "CDN-Cache-Control", "Cache-Control (s-maxage, then max-age)"};

} // namespace

const ProviderInfo vercel_provider = {
    .name = "vercel",
    .display = "Vercel",
    .has_tags = true,
    .tags = {.header = "Vercel-Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 256,
             .max_tags = 128,
             .max_header_bytes = 0,
             .tag_case = TagCase::unknown},
    .max_ttl = 31536000,
    .vary = VaryPolicy::honoured,
    .vary_refused = k_vary_refused,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::targeted_field,
                .cdn_header = "Vercel-CDN-Cache-Control",
                .stale_while_revalidate = true,
                .stale_if_error = false,
                .cache_key_note = "the project: Vercel keys on the full URL; `has`/`missing` "
                                  "conditions or Middleware rewrite what varies",
                .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://api.vercel.com",
              .token_env = "VERCEL_TOKEN",
              .tag_batch = 16,
              .everything = true,
              .rate = 2,
              .concurrency = 2,
              .rate_source = "1 to 16 tags per call; per-endpoint limits"},
};

} // namespace cachectl
