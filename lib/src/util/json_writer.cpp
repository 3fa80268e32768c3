#include <cachectl/util/json_writer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF).
bool
valid_utf8(std::string_view text)
{
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t lowest = 0;
    std::uint32_t code = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2, lowest = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, lowest = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, lowest = 0x10000, code = c & 0x07;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) < length) {
      return false;
    }
    for (std::size_t i = 1; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < lowest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    p += length;
  }
  return true;
}

} // namespace

namespace {

// True for a byte a JSON string cannot hold as it is (a control byte, `"`, `\`) or that needs
// the UTF-8 check (non-ASCII).
bool
needs_care(unsigned char c)
{
  return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

#if defined(__SSE2__)
// Whether any of the 16 bytes of `v` needs_care().
bool
any_needs_care(__m128i v)
{
  // Signed compare: bytes from 0x80 are negative, so "below 0x20" catches them too.
  __m128i escaped = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  escaped = _mm_or_si128(escaped, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
  escaped = _mm_or_si128(escaped, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  return _mm_movemask_epi8(escaped) != 0;
}
#endif

// Appends `"text"` when every byte of `text` stays as it is between quotes, checking and copying
// in one pass (16 bytes at a time); returns false, leaving `out` as it was, otherwise.
bool
append_plain_json(std::string& out, std::string_view text)
{
  const std::size_t at = out.size();
  const std::size_t n = text.size();
  bool plain = true;
  out.resize_and_overwrite(at + n + 2, [&](char* buffer, std::size_t) {
    char* p = buffer + at;
    *p++ = '"';
    const char* s = text.data();
    std::size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (any_needs_care(v)) {
        plain = false;
        return at;
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), v);
    }
#endif
    for (; i < n; ++i) {
      if (needs_care(static_cast<unsigned char>(s[i]))) {
        plain = false;
        return at;
      }
      p[i] = s[i];
    }
    p[n] = '"';
    return at + n + 2;
  });
  return plain;
}

} // namespace

bool
is_plain_json(std::string_view text)
{
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= text.size(); i += 16) {
    if (any_needs_care(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i)))) {
      return false;
    }
  }
#endif
  return std::none_of(text.begin() + static_cast<std::ptrdiff_t>(i), text.end(), [](char c) {
    return needs_care(static_cast<unsigned char>(c));
  });
}

void
append_json_string(std::string& out, std::string_view text)
{
  if (append_plain_json(out, text)) {
    return;
  }
  if (!valid_utf8(text)) {
    // nlohmann's replacement rules for broken sequences, exactly: let it spell this one.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20) {
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
      } else {
        out += ch;
      }
    }
  }
  out += '"';
}

void
JsonWriter::number(std::int64_t value)
{
  separate();
  fmt::format_to(std::back_inserter(m_out), "{}", value);
}

} // namespace cachectl
