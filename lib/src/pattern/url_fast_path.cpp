#include "pattern/url_fast_path.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <bit>
#include <cstddef>
#include <string_view>
#include <utility>

namespace cachectl {

namespace {

// Byte classes of the fast path.
constexpr unsigned char raw_in_path = 1;  // unreserved, sub-delims, ':', '@', '/'
constexpr unsigned char raw_in_query = 2; // the same and '?'

// The class of every byte: what may stay raw in a normalized path or query (never '%').
constexpr std::array<unsigned char, 256> byte_classes = [] {
  std::array<unsigned char, 256> classes{};
  const auto mark = [&classes](std::string_view bytes, unsigned char what) {
    for (const char c : bytes) {
      classes[static_cast<unsigned char>(c)] |= what;
    }
  };
  constexpr std::string_view path_bytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789-._~!$&'()*+,;=:@/";
  mark(path_bytes, raw_in_path | raw_in_query);
  mark("?", raw_in_query);
  return classes;
}();

// True when `segment` is `.` or `..`.
bool
is_dot_segment(std::string_view segment)
{
  return segment == "." || segment == "..";
}

// True when the query after `path_end` (the position of `?`, or the end) holds only bytes a
// normalized query may hold raw.
bool
query_is_raw(std::string_view input, std::size_t path_end)
{
  for (std::size_t i = path_end + 1; i < input.size(); ++i) {
    if ((byte_classes[static_cast<unsigned char>(input[i])] & raw_in_query) == 0) {
      return false;
    }
  }
  return true;
}

// How far the scan of an input got.
struct Scan {
  bool normal = false;    // the input is an already-normal path (then path_end is set)
  bool dot_slash = false; // a "/." was seen: the byte-wise scan decides about dot segments
  std::size_t path_end = 0;
};

// The byte-wise scan from `i` (the bytes before it are plain path bytes and `prev` is the last of
// them). A dot segment needs "/." so, without one, no segment has to be looked at; with one,
// the caller runs scan_with_segments.
Scan
scan_bytes(std::string_view input, std::size_t i, char prev)
{
  const std::size_t size = input.size();
  for (; i < size; ++i) {
    const char c = input[i];
    if (c == '?') {
      break;
    }
    if ((byte_classes[static_cast<unsigned char>(c)] & raw_in_path) == 0) {
      return {};
    }
    if (c == '.' && prev == '/') {
      return {false, true, 0};
    }
    prev = c;
  }
  if (!query_is_raw(input, i)) {
    return {};
  }
  return {true, false, i};
}

#if defined(__SSE2__)
// A mask of the bytes of `v` that may not stay raw in a normalized path: controls, space and
// DEL, non-ASCII, `"#%<>?[\]^` backquote `{|}` — exactly the bytes byte_classes leaves
// without raw_in_path (a unit test compares the two for every byte value).
unsigned
not_in_path(__m128i v)
{
  // x in [lo, lo + span] for unsigned bytes: min(x - lo, span) == x - lo.
  const auto in_range = [v](char lo, char span) {
    const __m128i shifted = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(shifted, _mm_set1_epi8(span)), shifted);
  };
  // Signed compare: bytes from 0x80 are negative, so "below '!'" catches them with the controls.
  __m128i bad = _mm_cmplt_epi8(v, _mm_set1_epi8('!'));
  bad = _mm_or_si128(bad, in_range('"', 1)); // " #
  bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('%')));
  bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
  bad = _mm_or_si128(bad, in_range('>', 1)); // > ?
  bad = _mm_or_si128(bad, in_range('[', 3)); // [ \ ] ^
  bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
  bad = _mm_or_si128(bad, in_range('{', 4)); // { | } ~ DEL, ~ taken back below
  bad = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('~')), bad);
  return static_cast<unsigned>(_mm_movemask_epi8(bad));
}
#endif

// Scans `input` (which starts with '/'): 16 bytes at a time where SSE2 is there, the rest byte
// by byte.
Scan
scan(std::string_view input)
{
  std::size_t i = 1;
  char prev = '/';
#if defined(__SSE2__)
  const std::size_t size = input.size();
  while (i + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(input.data() + i));
    const unsigned bad = not_in_path(v);
    const auto dots =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
    const auto slashes =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('/'))));
    const unsigned after_slash = (slashes << 1) | (prev == '/' ? 1U : 0U);
    // Only the bytes before the first bad one count; the byte-wise scan takes over from it.
    const unsigned before_bad = bad == 0 ? 0xffffU : (1U << std::countr_zero(bad)) - 1U;
    if ((dots & after_slash & before_bad) != 0) {
      return {false, true, 0};
    }
    if (bad != 0) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(bad));
      return scan_bytes(input, at, input[at - 1]);
    }
    prev = input[i + 15];
    i += 16;
  }
#endif
  return scan_bytes(input, i, prev);
}

// The byte-wise scan that looks at every segment: false when a `.` or `..` segment or a byte
// that needs the full algorithm appears; else `path_end` is set.
bool
scan_with_segments(std::string_view input, std::size_t& path_end)
{
  const std::size_t size = input.size();
  std::size_t segment_start = 1;
  std::size_t i = 1;
  for (; i < size; ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (c == '/') {
      if (is_dot_segment(input.substr(segment_start, i - segment_start))) {
        return false;
      }
      segment_start = i + 1;
    } else if (c == '?') {
      break;
    } else if ((byte_classes[c] & raw_in_path) == 0) {
      return false;
    }
  }
  if (is_dot_segment(input.substr(segment_start, i - segment_start))) {
    return false;
  }
  path_end = i;
  return query_is_raw(input, i);
}

} // namespace

bool
normalize_fast_path(std::string_view input, NormalizedUrl& out)
{
  if (input.empty() || input.front() != '/' || input.size() > max_url_length) {
    return false;
  }
  const Scan scanned = scan(input);
  std::size_t path_end = scanned.path_end;
  if (!scanned.normal && !(scanned.dot_slash && scan_with_segments(input, path_end))) {
    return false;
  }
  const std::size_t size = input.size();
  out.path.assign(input.substr(0, path_end));
  out.has_query = path_end < size;
  if (out.has_query) {
    out.query.assign(input.substr(path_end + 1));
  } else {
    out.query.clear();
  }
  out.scheme.clear();
  out.host.clear();
  out.port.clear();
  out.steps.clear();
  return true;
}

bool
path_byte_is_raw(unsigned char byte)
{
  return (byte_classes[byte] & raw_in_path) != 0;
}

#if defined(__SSE2__)
bool
path_byte_is_raw_vector(unsigned char byte)
{
  return not_in_path(_mm_set1_epi8(static_cast<char>(byte))) == 0;
}
#endif

std::expected<void, UrlError>
normalize_url_into(std::string_view input, NormalizedUrl& out)
{
  if (normalize_fast_path(input, out)) {
    return {};
  }
  auto full = normalize_url_full(input);
  if (!full) {
    return std::unexpected(std::move(full.error()));
  }
  out = std::move(*full);
  return {};
}

std::expected<NormalizedUrl, UrlError>
normalize_url(std::string_view input)
{
  NormalizedUrl url;
  if (normalize_fast_path(input, url)) {
    return url;
  }
  return normalize_url_full(input);
}

} // namespace cachectl
