// Azure Front Door (https://learn.microsoft.com/azure/frontdoor/front-door-caching): no cache
// tags; TTLs at most 366 days. Purge: …/profiles/{profile}/afdEndpoints/{endpoint}/purge in a
// subscription (a UUID) and resource group.
//
// Headers: Front Door takes the TTL from Cache-Control s-maxage, then max-age, then Expires
// (https://learn.microsoft.com/azure/frontdoor/front-door-caching). stale-while-revalidate was
// not supported in 2022 (https://learn.microsoft.com/en-us/answers/questions/768364/
// frontdoor-not-honoring-cache-header) and current support is undocumented (unconfirmed), as is
// stale-if-error: neither is written.
#include <cachectl/headers/providers.hpp>

#include <array>

namespace cachectl {

namespace {

constexpr std::array<RequiredSetting, 4> k_required = {
    RequiredSetting{"subscription_id",
                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                    "a UUID"},
    RequiredSetting{"resource_group", "[-\\w._()]{1,90}", "a resource group name"},
    RequiredSetting{"profile", "", "a profile name"},
    RequiredSetting{"endpoint_name", "", "an endpoint name"}};
constexpr std::array<std::string_view, 3> k_precedence = {
    "Cache-Control s-maxage", "Cache-Control max-age", "Expires"};

} // namespace

const ProviderInfo azure_provider = {
    .name = "azure",
    .display = "Azure Front Door",
    .has_tags = false,
    .max_ttl = 366 * 86400,
    .vary = VaryPolicy::honoured,
    .required = k_required,
    .headers = {.available = true,
                .style = CdnTtlStyle::s_maxage,
                .cache_key_note =
                    "a rule set's Cache key query string action (Front Door) in the portal",
                .precedence = k_precedence},
    .purge = {.available = true,
              .endpoint = "https://management.azure.com",
              .token_env = "AZURE_ACCESS_TOKEN",
              .url_batch = 100,
              .prefix_batch = 100,
              .everything = true,
              .rate = 1,
              .concurrency = 2,
              .rate_source = "100 content paths per call; ARM throttling"},
};

} // namespace cachectl
