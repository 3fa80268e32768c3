// nginx proxy_cache (https://nginx.org/en/docs/http/ngx_http_proxy_module.html): X-Accel-Expires
// for the cache TTL, no cache tags; purges (ngx_cache_purge) go to every configured node.
//
// Headers: X-Accel-Expires (integer seconds, `0` = do not cache) beats Cache-Control and
// Expires, and is hidden from clients by default (proxy_hide_header). nginx reads
// stale-while-revalidate and stale-if-error only from Cache-Control. In
// src/http/ngx_http_upstream.c (https://github.com/nginx/nginx) headers are handled in the order
// they arrive: once X-Accel-Expires has been seen, Cache-Control no longer sets the TTL (nginx
// 1.23 and later still read its stale-* directives, older versions skip it whole), while a
// Cache-Control `max-age=0` seen first marks the response uncacheable before older versions read
// X-Accel-Expires. So X-Accel-Expires is always written before Cache-Control. An ETag longer than
// NGX_HTTP_CACHE_ETAG_LEN (src/http/ngx_http_cache.h: 128 bytes in current nginx, 42 in older
// releases) is not stored with the cached response.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"nodes", "", "a list of node URLs"}};
constexpr std::array<std::string_view, 4> k_precedence = {
    "X-Accel-Expires", "Cache-Control (s-maxage, then max-age)", "Expires", "proxy_cache_valid"};

} // namespace

const ProviderInfo nginx_provider = {
    .name = "nginx",
    .display = "nginx",
    .has_tags = false,
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::accel_expires,
                .cdn_header = "X-Accel-Expires",
                .cdn_header_stripped = true,
                .stale_while_revalidate = true,
                .stale_if_error = true,
                .cache_key_note =
                    "`proxy_cache_key` (e.g. `$scheme$host$uri$arg_page$cookie_plan`)",
                .max_etag_bytes = 128,
                .precedence = k_precedence},
    .purge = {.available = true,
              .token_required = false,
              .url_batch = 1,
              .prefix_batch = 1,
              .host_batch = 1,
              .everything = true,
              .rate = 100,
              .concurrency = 8,
              .rate_source =
                  "ngx_cache_purge: one key (or key prefix with `*`) per request and node"},
};

} // namespace cachectl
