// Azure Front Door (https://learn.microsoft.com/azure/frontdoor/front-door-caching): no cache
// tags; TTLs at most 366 days. Purge: …/profiles/{profile}/afdEndpoints/{endpoint}/purge in a
// subscription (a UUID) and resource group.
#include <cachectl/providers.hpp>

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

} // namespace

const ProviderInfo azure_provider = {
    .name = "azure",
    .display = "Azure Front Door",
    .has_tags = false,
    .max_ttl = 366 * 86400,
    .vary = VaryPolicy::honoured,
    .required = k_required,
};

} // namespace cachectl
