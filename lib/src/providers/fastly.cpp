// Fastly. Surrogate keys:
// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/ (space-separated;
// each key at most 1,024 bytes; only keys inside the first 16,384 bytes of the header are applied).
// Vary: standard. Purge: /service/{service_id}/purge…; service ids are alphanumeric (e.g.
// "SU1Z0isxPaozGVKXdv0eY").
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"service_id", "[A-Za-z0-9]{16,32}", "16 to 32 letters and digits"}};

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
};

} // namespace cachectl
