// Fastly. Surrogate keys:
// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/ (space-separated;
// each key at most 1,024 bytes; only keys inside the first 16,384 bytes of the header are applied).
// Vary: standard. Purge: /service/{service_id}/purge…; service ids are alphanumeric (e.g.
// "SU1Z0isxPaozGVKXdv0eY").
//
// Headers: Fastly takes the TTL from Surrogate-Control, then Cache-Control s-maxage, then max-age,
// then Expires (https://www.fastly.com/documentation/guides/full-site-delivery/caching/
// about-cache-control-headers); Surrogate-Control is Fastly's own, written like Cache-Control
// (`max-age=86400, stale-while-revalidate=60` in
// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Control/) and removed
// before the response reaches the browser. stale-while-revalidate and stale-if-error are read from
// Surrogate-Control or Cache-Control (https://fastly.com/documentation/reference/vcl/variables/
// backend-response/beresp-stale-while-revalidate); must-revalidate is not documented for
// Surrogate-Control, so it stays in the browser's Cache-Control only.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"service_id", "[A-Za-z0-9]{16,32}", "16 to 32 letters and digits"}};
constexpr std::array<std::string_view, 4> k_precedence = {
    "Surrogate-Control", "Cache-Control s-maxage", "Cache-Control max-age", "Expires"};

} // namespace

const ProviderInfo fastly_provider = {
    .name = "fastly",
    .display = "Fastly",
    .has_tags = true,
    .tags = {.header = "Surrogate-Key",
             .separator = ' ',
             .charset = TagCharset::header_token_or_any,
             .max_tag_length = 1024,
             .max_tags = 0,
             .max_header_bytes = 16384,
             .tag_case = TagCase::unknown},
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::surrogate_control,
                .cdn_header = "Surrogate-Control",
                .cdn_header_stripped = true,
                .stale_while_revalidate = true,
                .stale_if_error = true,
                .cache_key_note = "VCL (`vcl_hash`, or `req.url` normalized in `vcl_recv`)",
                .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://api.fastly.com",
              .token_env = "FASTLY_API_TOKEN",
              .url_batch = 1,
              .tag_batch = 256,
              .everything = true,
              .soft = true,
              .rate = 20,
              .concurrency = 8,
              .rate_source = "one URL per call, 256 surrogate keys per bulk call; URL and key "
                             "purges are not rate limited, purge_all counts toward 1,000/h"},
};

} // namespace cachectl
