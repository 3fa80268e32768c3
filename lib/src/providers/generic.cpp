// Standards only: RFC 9111 Cache-Control plus RFC 9213 CDN-Cache-Control; tags as RFC 9875
// Cache-Groups (an SF list of strings; receivers must support at least 32 groups of 32
// characters, RFC 9875 §2), compared case-sensitively.
#include <cachectl/providers.hpp>

namespace cachectl {

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
             .tag_case = TagCase::sensitive},
};

} // namespace cachectl
