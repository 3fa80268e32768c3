// The web cache deception spellings of a page: URLs that many origins serve as the page itself
// while caches take them for static files. `validate` checks that no cacheable rule wins them;
// `check` requests them and checks that the cache never serves them.
#pragma once

#include <cachectl/pattern/trailing_slash.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The deception spellings of `page` (a path; a trailing `/` is dropped first):
/// `page/cachectl-probe.css`, `page;cachectl-probe.css` and `page%2Fcachectl-probe.css`
/// (only `/cachectl-probe.css` for `/`); each ends in `/` when `mode` is always.
std::vector<std::string> deception_spellings(std::string_view page, TrailingSlash mode);

} // namespace cachectl
