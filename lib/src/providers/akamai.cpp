// Akamai. Edge-Cache-Tag: https://techdocs.akamai.com/purge-cache/docs/add-cache-tags
// (comma-separated, one header line, tags of at most 128 characters from letters, digits and
// ! # $ % & ' + . ^ _ ` | ~ -, at most 128 tags per object, case-sensitive; response headers
// are limited to 8,192 bytes by default). Vary: only Accept-Encoding keeps an object cacheable
// (https://techdocs.akamai.com/property-mgr/docs/rm-vary-header). Purge needs EdgeGrid
// credentials from an .edgerc file.
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"edgerc", "", "a file path"}};
constexpr std::array<std::string_view, 1> k_vary_allowed = {"Accept-Encoding"};

} // namespace

const ProviderInfo akamai_provider = {
    .name = "akamai",
    .display = "Akamai",
    .has_tags = true,
    .tags = {.header = "Edge-Cache-Tag",
             .separator = ',',
             .charset = TagCharset::akamai,
             .max_tag_length = 128,
             .max_tags = 128,
             .max_header_bytes = 8192,
             .tag_case = TagCase::sensitive},
    .vary = VaryPolicy::listed,
    .vary_allowed = k_vary_allowed,
    .required = k_required,
};

} // namespace cachectl
