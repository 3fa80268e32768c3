// The one spelling of a cache tag, shared by `headers` and `purge`. A tag's canonical value is
// its text with `{param}` templates replaced by the *decoded* captured value (`post:{slug}` on
// `/blog/caf%C3%A9` is `post:café`): expand_page_tags() in config/options.hpp, which `match`
// shows too. That is what `purge --tag` takes. On the wire (the tag header `headers` writes, the
// body of a purge request) each provider gets encode_tag() of that value, applied exactly once,
// so `purge --tag X` purges what `headers` wrote for a page whose tag is X, for every provider.
#pragma once

#include <cachectl/config/options.hpp>
#include <cachectl/headers/providers.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// `tag` as written in `syntax`'s header and sent to its purge API: every byte that may not
/// appear raw is percent-encoded as `%XX` (uppercase hex) — bytes outside the provider's charset,
/// bytes outside printable ASCII, the separator of a plain list — and so is `%` itself (as
/// `%25`), so two different tags never encode the same and decoding gives the tag back. Never
/// truncates. Apply it once, to a canonical tag.
std::string encode_tag(const TagSyntax& syntax, std::string_view tag);

/// The warning for a tag that encode_tag() changed: which bytes `provider` does not accept in
/// `header` (and why: outside printable ASCII, outside its charset, its separator), or, when
/// only `%` was escaped, that `%` is written as `%25` to keep the encoding reversible.
std::string tag_escape_warning(const ProviderInfo& provider,
                               std::string_view header,
                               std::string_view tag,
                               std::string_view encoded);

} // namespace cachectl
