// Fuzz target: URL normalization. The input is one URL (any bytes). Properties: an error points
// inside the input; a normalized path is canonical (only pchar bytes, upper-case escapes of
// bytes that need one, no dot segments), normalizing it again changes nothing, and pattern
// canonicalization agrees with it; other spellings of the same resource normalize equal; the
// base is stripped into a path or a redirect that starts with `/`. The fast path of
// normalization answers exactly like the full algorithm (value or error, steps included).
#include "fuzz_support.hpp"
#include "pattern/url_fast_path.hpp"

#include <cachectl/pattern/trailing_slash.hpp>
#include <cachectl/pattern/url.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

using cachectl::fuzz::check;

namespace {

// True for RFC 3986 unreserved characters.
bool
is_unreserved(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// True for an upper-case hexadecimal digit.
bool
is_upper_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

// Value of an upper-case hexadecimal digit.
int
hex_value(char c)
{
  return c <= '9' ? c - '0' : c - 'A' + 10;
}

// Checks that `path` is in canonical form: starts with '/', holds only unreserved characters,
// sub-delims, ':', '@', '/' and escapes with upper-case digits of bytes other than NUL and the
// unreserved ones, and has no `.` or `..` segment.
void
check_canonical_path(std::string_view path)
{
  check(path.starts_with('/'), "a normalized path starts with '/'", path);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '%') {
      check(i + 2 < path.size() && is_upper_hex(path[i + 1]) && is_upper_hex(path[i + 2]),
            "escapes of a normalized path have two upper-case hex digits",
            path);
      const char byte = static_cast<char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
      check(byte != 0 && !is_unreserved(byte),
            "a normalized path escapes no NUL and no unreserved character",
            path);
      i += 2;
      continue;
    }
    check(is_unreserved(c) || std::string_view("!$&'()*+,;=:@/").find(c) != std::string_view::npos,
          "a normalized path holds only pchar bytes",
          path);
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    check(segment != "." && segment != "..", "a normalized path has no dot segments", path);
    start = end + 1;
  }
}

// `path` with the hex digits of every escape in lower case.
std::string
lowercase_escapes(std::string_view path)
{
  std::string out(path);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '%') {
      for (std::size_t k = i + 1; k <= i + 2; ++k) {
        if (out[k] >= 'A' && out[k] <= 'F') {
          out[k] = static_cast<char>(out[k] - 'A' + 'a');
        }
      }
      i += 2;
    }
  }
  return out;
}

// `path` (canonical) with every unreserved character outside its escapes percent-encoded
// (lower-case digits when `lower`).
std::string
encode_unreserved(std::string_view path, bool lower)
{
  const std::string_view digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '%') {
      out += path.substr(i, 3);
      i += 2;
    } else if (is_unreserved(c)) {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += digits[byte >> 4];
      out += digits[byte & 0x0F];
    } else {
      out += c;
    }
  }
  return out;
}

// Normalizes `spelling`, another spelling of a resource whose normalized path is `path`, and
// checks that it normalizes to `path`; spellings longer than the input limit are skipped.
void
check_same_resource(std::string_view spelling, std::string_view path, std::string_view how)
{
  if (spelling.size() > cachectl::max_url_length) {
    return;
  }
  const auto again = cachectl::normalize_url(spelling);
  check(again.has_value() && again->path == path, how, spelling);
}

// Checks strip_base on a normalized path for a few bases and every trailing-slash mode.
void
check_strip_base(std::string_view path)
{
  constexpr std::array bases = {"/", "/docs", "/docs/", "/a/b"};
  constexpr std::array modes = {cachectl::TrailingSlash::ignore,
                                cachectl::TrailingSlash::always,
                                cachectl::TrailingSlash::never};
  for (const char* base : bases) {
    for (const auto mode : modes) {
      const auto strip = cachectl::strip_base(path, cachectl::normalize_base(base), mode);
      switch (strip.kind) {
      case cachectl::BaseStrip::Kind::inside:
        check(strip.path.starts_with('/'), "a base-relative path starts with '/'", strip.path);
        break;
      case cachectl::BaseStrip::Kind::redirect:
        check(strip.location.starts_with('/') && !strip.location.starts_with("//"),
              "a redirect goes to a path starting with a single '/'",
              strip.location);
        break;
      case cachectl::BaseStrip::Kind::outside:
        check(std::string_view(base) != "/", "every path is inside the base '/'", path);
        break;
      }
    }
  }
}

// The fast path against the full algorithm: normalize_url (fast path first) answers exactly
// like normalize_url_full, and an input the fast path takes is left unchanged without a step.
void
check_fast_path(std::string_view input,
                const std::expected<cachectl::NormalizedUrl, cachectl::UrlError>& url)
{
  const auto full = cachectl::normalize_url_full(input);
  check(url.has_value() == full.has_value(), "fast path and full algorithm agree on errors", input);
  if (url) {
    check(*url == *full, "fast path and full algorithm normalize alike", input);
  } else {
    check(url.error() == full.error(), "fast path and full algorithm fail alike", input);
  }
  cachectl::NormalizedUrl fast;
  if (cachectl::normalize_fast_path(input, fast)) {
    check(full.has_value() && fast == *full && full->steps.empty(),
          "the fast path takes only inputs the full algorithm leaves unchanged",
          input);
  }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view input = cachectl::fuzz::as_text(data, size);
  const auto url = cachectl::normalize_url(input);
  check_fast_path(input, url);
  if (!url) {
    check(!url.error().message.empty(), "an error has a message", input);
    check(url.error().offset <= input.size(), "an error offset points into the input", input);
    return 0;
  }
  check_canonical_path(url->path);
  check(url->has_query || url->query.empty(), "a query is only kept after '?'", input);

  // Idempotence: the normalized request target is a fixed point, reached without any step.
  const std::string target = url->has_query ? url->path + "?" + url->query : url->path;
  const auto again = cachectl::normalize_url(target);
  check(again.has_value(), "a normalized URL normalizes again", target);
  check(again->path == url->path && again->query == url->query &&
            again->has_query == url->has_query,
        "normalizing a normalized URL changes nothing",
        target);
  check(again->steps.empty(), "normalizing a normalized URL takes no step", target);

  // Pattern text is canonicalized exactly like a path.
  const auto canonical = cachectl::canonicalize_path_text(url->path);
  check(canonical.has_value() && *canonical == url->path,
        "canonicalize_path_text leaves a normalized path unchanged",
        url->path);

  // Other spellings of the same resource.
  check_same_resource(lowercase_escapes(url->path), url->path, "lower-case escapes spell the same");
  check_same_resource(
      encode_unreserved(url->path, size % 2 == 0), url->path, "escaped unreserved spell the same");
  check_same_resource("/x/.." + url->path, url->path, "a removed segment spells the same");
  check_same_resource(
      "HTTP://Example.COM:80" + url->path + "#frag", url->path, "an absolute URL spells the same");
  check_strip_base(url->path);
  return 0;
}
