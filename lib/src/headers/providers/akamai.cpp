// Akamai. Edge-Cache-Tag: https://techdocs.akamai.com/purge-cache/docs/add-cache-tags
// (comma-separated, one header line, tags of at most 128 characters from letters, digits and
// ! # $ % & ' + . ^ _ ` | ~ -, at most 128 tags per object, case-sensitive; response headers
// are limited to 8,192 bytes by default). Vary: only Accept-Encoding keeps an object cacheable
// (https://techdocs.akamai.com/property-mgr/docs/rm-vary-header). Purge needs EdgeGrid
// credentials from an .edgerc file.
//
// Headers: Edge-Control is Akamai's own header, read by the edge and removed before the browser;
// its `cache-maxage` takes a number with a unit suffix s, m, h or d (`cache-maxage=7d`). The
// directive list is not in Akamai's techdocs (unconfirmed): the syntax is from
// https://http.dev/edge-control and Akamai's own plugin (https://github.com/akamai/wp-akamai/
// issues/1); only `cache-maxage` is written, as no stale-while-revalidate, stale-if-error or
// must-revalidate directive of Edge-Control is documented (those are Property Manager settings).
// The browser gets the lesser of the remaining edge TTL and the origin's Cache-Control
// (https://techdocs.akamai.com/property-mgr/docs/downstream-cacheability).
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<std::string_view, 1> k_vary_allowed = {"Accept-Encoding"};
constexpr std::array<std::string_view, 4> k_precedence = {
    "Edge-Control",
    "Akamai-Cache-Control, CDN-Cache-Control (order unconfirmed)",
    "Cache-Control (s-maxage, then max-age) when the property honours it",
    "Expires"};

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
    .headers = {.available = true,
                .style = CdnTtlStyle::edge_control,
                .cdn_header = "Edge-Control",
                .cdn_header_stripped = true,
                .cache_key_note =
                    "the property's Cache Key Query Parameters behavior (Property Manager)",
                .precedence = k_precedence},
    .purge = {.available = true,
              .url_batch = 200,
              .tag_batch = 100,
              .max_body_bytes = 50000,
              .rate = 1,
              .concurrency = 2,
              .rate_source = "body at most 50,000 bytes; 50 requests/s, 200 URLs/s and 500 "
                             "tags/min per account (token buckets)"},
};

} // namespace cachectl
