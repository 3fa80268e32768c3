// Amazon CloudFront. Cache tags (CacheTagConfig, header name configurable, `tag_header`):
// comma-separated, ASCII 33–126 except comma, at most 256 characters per tag and 50 tags per
// object, case-insensitive. Purge: CreateInvalidation on a distribution id
// (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html);
// ids are 13–14 uppercase letters and digits (e.g. EDFDVBD6EXAMPLE).
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"distribution_id", "[A-Z0-9]{13,14}", "13 or 14 uppercase letters and digits"}};

} // namespace

const ProviderInfo cloudfront_provider = {
    .name = "cloudfront",
    .display = "Amazon CloudFront",
    .has_tags = true,
    .tags = {.header = "Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 256,
             .max_tags = 50,
             .max_header_bytes = 0,
             .tag_case = TagCase::insensitive},
    .vary = VaryPolicy::honoured,
    .required = k_required,
};

} // namespace cachectl
