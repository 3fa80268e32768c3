// Internal to lib/src/headers: directive lists and the TTL headers of one response.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::headers_detail {

/// One directive: a name alone, or `name=seconds`.
struct Directive {
  std::string name;
  std::optional<std::int64_t> value;
};

/// `a, b=1, c` in Cache-Control syntax (RFC 9111 5.2: token [ "=" token ]; integers unquoted).
std::string cache_control_text(const std::vector<Directive>& directives);

/// The same directives as RFC 9651 Dictionary members (a valueless directive is a true Boolean,
/// RFC 9213 §2.1).
std::vector<SfMember> sf_members(const std::vector<Directive>& directives);

/// The value of setting `key` in `settings`, or null.
const std::string* provider_setting(const ProviderSettings* settings, std::string_view key);

/// Appends the Cache-Control header and the header carrying the CDN TTL of a cacheable `policy`
/// to `out`, with the warnings and notes they need.
void write_ttl_headers(const ProviderInfo& provider,
                       const Policy& policy,
                       const ProviderSettings* settings,
                       HeaderSet& out);

} // namespace cachectl::headers_detail
