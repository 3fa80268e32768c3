#include "pattern/url_fast_path.hpp"

#include <array>
#include <cstddef>
#include <string_view>

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

} // namespace

bool
normalize_fast_path(std::string_view input, NormalizedUrl& out)
{
  if (input.empty() || input.front() != '/' || input.size() > max_url_length) {
    return false;
  }
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
  const std::size_t path_end = i;
  for (++i; i < size; ++i) {
    if ((byte_classes[static_cast<unsigned char>(input[i])] & raw_in_query) == 0) {
      return false;
    }
  }
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
