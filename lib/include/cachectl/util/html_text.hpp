// Text from a config or a log made safe to place in an HTML (or XML) document.
#pragma once

#include <string>
#include <string_view>

namespace cachectl {

/// `text` as HTML character data or a quoted attribute value: `&`, `<`, `>`, `"` and `'` as
/// entities; bytes that are not valid UTF-8, C0 controls other than tab, LF and CR, DEL, C1
/// controls and the noncharacters U+FFFE/U+FFFF as U+FFFD (none of them is allowed in XML).
std::string html_escape(std::string_view text);

} // namespace cachectl
