// Internal to lib/src/headers: the TTL of a response by its status (`status` tables and the
// negative TTL).
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/policy.hpp>

#include <cstdint>

namespace cachectl::headers_detail {

/// Applies the TTL for `status` to the cacheable `policy` of a request that matched `rule`: the
/// `status` entry for the exact status, else for its class (`"4xx"`), replaces `max_age` and
/// caps `browser_max_age`; without one a 4xx or 5xx response keeps at most `negative_max_age`
/// (default default_negative_max_age). Says which one applied in `policy.notes`.
void apply_status_ttl(const Config& config, const Rule& rule, std::int64_t status, Policy& policy);

} // namespace cachectl::headers_detail
