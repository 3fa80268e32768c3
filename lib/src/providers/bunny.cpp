// Bunny CDN. CDN-Tag: header value at most 1,024 bytes
// (https://docs.bunny.net/reference/pullzonepublic_purgecachepostbytag); separator and case
// undocumented (comma assumed). Origin Vary is ignored; variance is set in "Vary Cache"
// (https://support.bunny.net/hc/en-us/articles/360012186820). Purge: /pullzone/{id}/purgeCache.
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"pull_zone_id", "[0-9]{1,12}", "a number"}};

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
};

} // namespace cachectl
