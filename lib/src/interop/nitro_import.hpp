// `import --from nitro`: Nitro's (Nuxt's) `routeRules` as JSON, merged the way nitropack merges
// them (radix3's matchAll, defu) and with the Cache-Control its cached handler writes.
#pragma once

#include "import_flatten.hpp"
#include "import_model.hpp"

#include <string_view>

namespace cachectl::interop {

/// The route rules of a JSON object (or of its `routeRules` or `nitro.routeRules`): `headers`
/// as header lines; `swr`, `cache` and `prerender` as pseudo header lines (`:cache:maxAge`, ...)
/// for nitro_finish; `isr`, `static`, `redirect`, `proxy`, `cors` and Nitro's storage settings
/// as remarks.
PlatformFile parse_nitro(std::string_view text, std::string_view file);

/// How Nitro matches and combines route rules (radix3 and defu; the cached handler's headers).
const Platform& nitro_platform();

/// The header profile the headers of `file` are written for: `netlify`, `vercel` or
/// `cloudflare` when their CDN-only headers appear, else `generic` (CDN-Cache-Control).
std::string_view nitro_provider(const PlatformFile& file);

} // namespace cachectl::interop
