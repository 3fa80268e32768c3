// Code points that must never reach a terminal raw from untrusted text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cachectl {

/// The code point starting at byte `at` of `text` and its length in bytes; length 0 when the
/// bytes there are not valid UTF-8 (an overlong form, a surrogate, a cut sequence).
struct CodePoint {
  char32_t value = 0;     ///< the code point
  std::size_t length = 0; ///< its UTF-8 length, 0 when invalid
};

/// Decodes the UTF-8 code point at `at` (which must be < text.size()).
CodePoint decode_utf8(std::string_view text, std::size_t at);

/// True for code points that can change what a terminal shows beyond their own glyph or that
/// show nothing: C0 controls and DEL, C1 controls (U+0080-U+009F, among them the 8-bit CSI
/// U+009B), bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), zero-width
/// and invisible format characters (U+00AD, U+180E, U+200B-U+200D, U+2028, U+2029,
/// U+2060-U+2064, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB, tags U+E0000-U+E007F). Tab is one too:
/// callers that keep tabs test for it first.
bool unsafe_code_point(char32_t c);

/// `text` safe to show on a terminal: C0 controls (tab included), DEL and bytes that are not
/// valid UTF-8 become `\xNN`, the other unsafe code points `\u{202E}`.
std::string escape_unsafe(std::string_view text);

} // namespace cachectl
