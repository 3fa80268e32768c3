// Varnish Cache with vmod xkey (https://github.com/varnish/varnish-modules, xkey): tags in
// `xkey`, separated by space, tab or comma (comma is emitted), matched byte-exactly (so
// case-sensitive), no limits in the vmod itself. Purges go to every configured node.
//
// Headers: Varnish takes the TTL from Cache-Control s-maxage, then max-age, then Expires, then
// default_ttl; stale-while-revalidate becomes grace; stale-if-error is not read
// (https://github.com/varnishcache/varnish-cache/blob/master/bin/varnishd/cache/cache_rfc2616.c).
// xkey reads every `xkey` header line; Varnish refuses a backend response header line longer than
// http_resp_hdr_len, 8k by default ("Maximum length of any HTTP backend response header we will
// allow", https://github.com/varnishcache/varnish-cache/blob/master/include/tbl/params.h), so
// long tag lists are split into several lines of at most 8,192 bytes.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"nodes", "", "a list of node URLs"}};
constexpr std::array<std::string_view, 4> k_precedence = {
    "Cache-Control s-maxage", "Cache-Control max-age", "Expires", "default_ttl"};

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
             .tag_case = TagCase::sensitive,
             .multiple_lines = true,
             .max_line_bytes = 8192},
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::s_maxage,
                .stale_while_revalidate = true,
                .stale_if_error = false,
                .cache_key_note = "VCL (`vcl_hash`); or Vary on request headers",
                .precedence = k_precedence},
    .purge = {.available = true,
              .token_required = false,
              .url_batch = 1,
              .tag_batch = 100,
              .prefix_batch = 1,
              .host_batch = 1,
              .everything = true,
              .soft = true,
              .rate = 100,
              .concurrency = 8,
              .rate_source = "one PURGE/BAN per URL and node; xkey lists 100 keys per request"},
};

} // namespace cachectl
