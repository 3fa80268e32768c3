// Vercel. Vercel-Cache-Tag: https://vercel.com/docs/caching/cdn-cache (comma-separated; limits
// undocumented — Next.js cacheTag's 256 characters and 128 tags are used, as the closest
// documented bound). s-maxage is honoured from 1 to 31,536,000 s. `Vary: Cookie` responses
// are not cached (https://vercel.com/changelog/vary-cookie-responses-no-longer-cached).
// Purge: /v1/edge-cache/invalidate-by-tags?projectIdOrName=…
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"project_id", "[A-Za-z0-9_.-]{1,100}", "a project id (prj_…) or name"}};
constexpr std::array<std::string_view, 1> k_vary_refused = {"Cookie"};

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
};

} // namespace cachectl
