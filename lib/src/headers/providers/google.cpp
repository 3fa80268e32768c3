// Google Cloud CDN (https://cloud.google.com/cdn/docs/caching): TTLs at most 31,622,400 s;
// a response that varies on anything but Accept, Accept-Encoding or Origin is not cached;
// Cache-Tag is in preview (separator and limits undocumented; comma assumed).
// Purge: urlMaps/{url_map}/invalidateCache in a project.
//
// Headers: Cloud CDN reads Cache-Control s-maxage, then max-age, then Expires; in the
// USE_ORIGIN_HEADERS cache mode a response needs `public` plus one of them
// (https://cloud.google.com/cdn/docs/caching), so `public` is written. stale-while-revalidate is
// honoured (https://docs.cloud.google.com/cdn/docs/serving-stale-content); stale-if-error is not
// documented (unconfirmed) and not written.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 2> k_required = {
    RequiredSetting{"project", "[a-z][a-z0-9-]{4,28}[a-z0-9]", "a project id"},
    RequiredSetting{"url_map", "[a-z]([-a-z0-9]{0,61}[a-z0-9])?", "a URL map name"}};
constexpr std::array<std::string_view, 3> k_vary_allowed = {"Accept", "Accept-Encoding", "Origin"};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Cache-Control s-maxage", "Cache-Control max-age", "Expires"};

} // namespace

const ProviderInfo google_provider = {
    .name = "google",
    .display = "Google Cloud CDN",
    .has_tags = true,
    .tags = {.header = "Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 0,
             .tag_case = TagCase::unknown},
    .max_ttl = 31622400,
    .vary = VaryPolicy::listed,
    .vary_allowed = k_vary_allowed,
    .required = k_required,
    .headers =
        {.available = true,
         .style = CdnTtlStyle::s_maxage,
         .public_directive = true,
         .stale_while_revalidate = true,
         .stale_if_error = false,
         .cache_key_note =
             "the backend's cache key policy (include query string, named headers and cookies)",
         .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://compute.googleapis.com/compute/v1",
              .token_env = "GOOGLE_OAUTH_ACCESS_TOKEN",
              .url_batch = 1,
              .tag_batch = 10,
              .prefix_batch = 1,
              .host_batch = 1,
              .everything = true,
              .rate = 8,
              .concurrency = 4,
              .rate_source = "one path rule (with at most 10 cache tags) per call, 500 calls/min"},
};

} // namespace cachectl
