// `import --from netlify-headers|cloudflare-pages`: the `_headers` file of Netlify and of
// Cloudflare Pages, read as the platforms' own parsers read it.
#pragma once

#include "import_model.hpp"

#include <string_view>

namespace cachectl::interop {

/// Which platform's `_headers` rules apply.
enum class HeadersFlavour {
  netlify,   ///< @netlify/headers-parser (line_parser.ts)
  cloudflare ///< workers-shared parseHeaders.ts (`! Name` detaches; absolute URLs allowed)
};

/// The rules of a `_headers` file (`file` names it in diagnostics).
PlatformFile
parse_headers_file(std::string_view text, std::string_view file, HeadersFlavour flavour);

} // namespace cachectl::interop
