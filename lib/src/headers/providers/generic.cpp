// Standards only: RFC 9111 Cache-Control plus RFC 9213 CDN-Cache-Control; tags as RFC 9875
// Cache-Groups (an SF list of strings, https://www.rfc-editor.org/rfc/rfc9875 §2: `"a", "b"`;
// receivers must support at least 32 groups of 32 characters), compared case-sensitively.
//
// Headers (RFC 9213 https://www.rfc-editor.org/rfc/rfc9213): CDN-Cache-Control is a targeted
// field, an RFC 9651 dictionary (§2); a cache that uses it ignores Cache-Control and Expires
// (§2.1), browsers never read it, and it is usually forwarded downstream rather than removed
// (§2.1). Its directives keep their Cache-Control meaning: max-age, must-revalidate (§2.1) and
// the RFC 5861 extensions stale-while-revalidate and stale-if-error.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<std::string_view, 3> k_precedence = {
    "CDN-Cache-Control", "Cache-Control (s-maxage, then max-age)", "Expires"};

} // namespace

const ProviderInfo generic_provider = {
    .name = "generic",
    .display = "generic (RFC 9213)",
    .has_tags = true,
    .tags = {.header = "Cache-Groups",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 0,
             .tag_case = TagCase::sensitive,
             .format = TagListFormat::sf_strings},
    .headers = {.available = true,
                .style = CdnTtlStyle::targeted_field,
                .cdn_header = "CDN-Cache-Control",
                .stale_while_revalidate = true,
                .stale_if_error = true,
                .cache_key_note =
                    "the cache's own configuration (RFC 9111 keys on the URL, plus Vary)",
                .precedence = k_precedence},
};

} // namespace cachectl
