// nginx proxy_cache (https://nginx.org/en/docs/http/ngx_http_proxy_module.html): X-Accel-Expires
// for the cache TTL, no cache tags; purges (ngx_cache_purge) go to every configured node.
#include <cachectl/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 1> k_required = {
    RequiredSetting{"nodes", "", "a list of node URLs"}};

} // namespace

const ProviderInfo nginx_provider = {
    .name = "nginx",
    .display = "nginx",
    .has_tags = false,
    .vary = VaryPolicy::honoured,
    .required = k_required,
};

} // namespace cachectl
