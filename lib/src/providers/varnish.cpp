// Varnish Cache with vmod xkey (https://github.com/varnish/varnish-modules, xkey): tags in
// `xkey`, separated by space, tab or comma (comma is emitted), matched byte-exactly (so
// case-sensitive), no limits in the vmod itself. Purges go to every configured node.
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"nodes", "", "a list of node URLs"}};

} // namespace

const ProviderInfo varnish_provider = {
    .name = "varnish",
    .display = "Varnish (xkey)",
    .has_tags = true,
    .tags = {.header = "xkey",
             .separator = ',',
             .charset = TagCharset::printable_ascii,
             .max_tag_length = 0,
             .max_tags = 0,
             .max_header_bytes = 0,
             .tag_case = TagCase::sensitive},
    .vary = VaryPolicy::honoured,
    .required = k_required,
};

} // namespace cachectl
