// The inverse of the header writer for one provider: effective cache headers read back into the
// option lines of a cache.toml rule, and the comparison of two header sets as HTTP lists.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::interop {

/// Header name (lowercase) → value.
using HeaderMap = std::map<std::string, std::string>;

/// True when `name` (lowercase) is a header cache.toml can say something about: Cache-Control,
/// the CDN-only Cache-Control headers, the tag headers, Vary and Netlify-Vary.
bool cache_header(std::string_view name);

/// The option lines (`max_age = "1h"`) of a rule whose responses get `headers` from `provider`
/// (`netlify`, `cloudflare`, `vercel`), in the key table's order. Directives with no option are
/// left out: the comparison with what cachectl writes reports them.
std::vector<std::string> options_from_headers(const HeaderMap& headers, std::string_view provider);

/// `value` of header `name` as a comparable list: members trimmed and sorted (lowercase
/// directive names for the Cache-Control family and Vary), so that spacing and order, which mean
/// nothing in these lists, do not count.
std::string comparable_value(std::string_view name, std::string_view value);

/// A duration as cache.toml writes it where it reads better (`3600` → `"1h"`, `90` → `90`).
std::string duration_text(long long seconds);

} // namespace cachectl::interop
