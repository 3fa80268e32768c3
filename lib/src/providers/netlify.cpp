// Netlify. Netlify-Cache-Tag: https://docs.netlify.com/platform/caching/ (comma-separated;
// length, count and case limits undocumented). Vary: standard Vary is part of the cache key
// (plus Netlify-Vary). Purge: POST /api/v1/purge with a site_id (a UUID).
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {RequiredSetting{
    "site_id", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "a UUID"}};

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
};

} // namespace cachectl
