// A generic purge webhook (the surrogate-key purger shape): `url`, `method`, an optional
// `tag_header` (tags then travel comma-separated in that header) and a bearer token from
// `token_env`. Not a header profile: `headers` has nothing to write for it (`.headers` stays
// unavailable).
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"url", "https?://[^\\s]+", "an http(s) URL"}};

} // namespace

const ProviderInfo http_provider = {
    .name = "http",
    .display = "HTTP webhook",
    .has_tags = true,
    .tags = {.header = "Cache-Tag",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 0,
             .tag_case = TagCase::unknown},
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .purge = {.available = true,
              .token_required = false,
              .url_batch = 100,
              .tag_batch = 100,
              .prefix_batch = 100,
              .host_batch = 100,
              .everything = true,
              .rate = 10,
              .concurrency = 4,
              .rate_source = "webhook: 100 items per call by default"},
};

} // namespace cachectl
