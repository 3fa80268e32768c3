// Amazon CloudFront. Cache tags (CacheTagConfig, header name configurable, `tag_header`):
// comma-separated, ASCII 33–126 except comma, at most 256 characters per tag and 50 tags per
// object, case-insensitive. Purge: CreateInvalidation on a distribution id
// (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html);
// ids are 13–14 uppercase letters and digits (e.g. EDFDVBD6EXAMPLE).
//
// Headers: CloudFront takes the TTL from Cache-Control s-maxage, then max-age, then Expires,
// clamped to the cache policy's minimum and maximum TTL
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html); browsers
// ignore s-maxage, so it carries the CDN TTL. stale-while-revalidate and stale-if-error are
// honoured since 2023 (https://aws.amazon.com/about-aws/whats-new/2023/05/
// amazon-cloudfront-stale-while-revalidate-stale-if-error-cache-control-directives/). Tags are
// only read from the header named in the distribution's CacheTagConfig; "distributions without
// this configuration ignore cache tag headers"
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/
// invalidation-specifying-tags.html), so tags are written only once `tag_header` is set.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"distribution_id", "[A-Z0-9]{13,14}", "13 or 14 uppercase letters and digits"}};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Cache-Control s-maxage", "Cache-Control max-age", "Expires"};

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
    .headers =
        {.available = true,
         .style = CdnTtlStyle::s_maxage,
         .stale_while_revalidate = true,
         .stale_if_error = true,
         .tag_header_setting = "tag_header",
         .cache_key_note =
             "the behavior's cache policy (query strings, headers, cookies in the cache key)",
         .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://cloudfront.amazonaws.com",
              .token_required = false,
              .url_batch = 1000,
              .prefix_batch = 15,
              .everything = true,
              .rate = 1,
              .concurrency = 1,
              .rate_source = "3,000 paths and 15 wildcard paths in progress per distribution"},
};

} // namespace cachectl
