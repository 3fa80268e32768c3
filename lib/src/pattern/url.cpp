#include "pattern/url_fast_path.hpp"

#include <cachectl/pattern/url.hpp>
#include <cachectl/util/unsafe_text.hpp>

#include <fmt/format.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

namespace {

// Upper-case hexadecimal digits, for escapes and messages.
constexpr std::string_view hex_digits = "0123456789ABCDEF";

// Builds the error value returned by the parsing functions.
std::unexpected<UrlError>
fail(std::string message, std::size_t offset)
{
  return std::unexpected(UrlError{std::move(message), offset});
}

// True for an ASCII letter (locale-independent).
bool
is_alpha(unsigned char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// True for an ASCII decimal digit.
bool
is_digit(unsigned char c)
{
  return c >= '0' && c <= '9';
}

// True for RFC 3986 unreserved characters: ALPHA / DIGIT / "-" / "." / "_" / "~".
bool
is_unreserved(unsigned char c)
{
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// True for RFC 3986 sub-delims: ! $ & ' ( ) * + , ; =
bool
is_sub_delim(unsigned char c)
{
  return std::string_view("!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos;
}

// True for bytes that may appear raw in a path (pchar / "/"), with '%' already validated.
bool
is_allowed_in_path(unsigned char c)
{
  return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/' || c == '%';
}

// True for bytes that may appear raw in a query (pchar / "/" / "?"), '%' already validated.
bool
is_allowed_in_query(unsigned char c)
{
  return is_allowed_in_path(c) || c == '?';
}

// Value of a hexadecimal digit (any case), or nullopt.
std::optional<unsigned char>
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return static_cast<unsigned char>(c - '0');
  }
  if (c >= 'A' && c <= 'F') {
    return static_cast<unsigned char>(c - 'A' + 10);
  }
  if (c >= 'a' && c <= 'f') {
    return static_cast<unsigned char>(c - 'a' + 10);
  }
  return std::nullopt;
}

// The byte encoded by the escape starting at `text[pos]` ('%'), or nullopt when malformed.
std::optional<unsigned char>
decode_escape_at(std::string_view text, std::size_t pos)
{
  if (pos + 2 >= text.size()) {
    return std::nullopt;
  }
  const auto high = hex_value(text[pos + 1]);
  const auto low = hex_value(text[pos + 2]);
  if (!high || !low) {
    return std::nullopt;
  }
  return static_cast<unsigned char>(*high * 16 + *low);
}

// Appends `byte` as an escape with upper-case hex digits ("%XX").
void
append_escape(std::string& out, unsigned char byte)
{
  out += '%';
  out += hex_digits[static_cast<std::size_t>(byte >> 4)];
  out += hex_digits[static_cast<std::size_t>(byte & 0x0F)];
}

// ASCII-only lower-casing; other bytes are returned unchanged.
char
to_lower_ascii(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return static_cast<char>(c - 'A' + 'a');
  }
  return c;
}

// ASCII-only lower-cased copy of `text`.
std::string
to_lower_ascii(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = to_lower_ascii(c);
  }
  return out;
}

// Rejects raw NUL, control characters (< 0x20) and DEL; `noun` names the input in messages.
std::optional<UrlError>
check_control_characters(std::string_view text, std::string_view noun)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      return UrlError{"NUL byte in " + std::string(noun), i};
    }
    if (c < 0x20 || c == 0x7F) {
      std::string message = "control character 0x";
      message += hex_digits[static_cast<std::size_t>(c >> 4)];
      message += hex_digits[static_cast<std::size_t>(c & 0x0F)];
      message += " in ";
      message += noun;
      return UrlError{std::move(message), i};
    }
  }
  return std::nullopt;
}

// Index of the first byte of the first ill-formed UTF-8 sequence (Unicode table 3-7), or npos.
std::size_t
find_invalid_utf8(std::string_view bytes)
{
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const CodePoint c = decode_utf8(bytes, i);
    if (c.length == 0) {
      return i;
    }
    i += c.length;
  }
  return std::string_view::npos;
}

// Checks escapes (well-formed, not %00) and that the fully decoded bytes are valid UTF-8;
// offsets in errors are `base_offset` plus the position of the byte or of its '%'.
std::optional<UrlError>
validate_path_text(std::string_view text, std::size_t base_offset)
{
  std::string decoded;
  std::vector<std::size_t> origin;
  decoded.reserve(text.size());
  origin.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      origin.push_back(i);
      continue;
    }
    const auto byte = decode_escape_at(text, i);
    if (!byte) {
      return UrlError{"malformed percent-escape", base_offset + i};
    }
    if (*byte == 0) {
      return UrlError{"encoded NUL (%00) in path", base_offset + i};
    }
    decoded += static_cast<char>(*byte);
    origin.push_back(i);
    i += 2;
  }
  const std::size_t bad = find_invalid_utf8(decoded);
  if (bad != std::string_view::npos) {
    return UrlError{"invalid UTF-8 in path", base_offset + origin[bad]};
  }
  return std::nullopt;
}

// Pass A: decodes escapes of unreserved characters; other escapes are copied unchanged.
std::string
decode_unreserved_escapes(std::string_view path)
{
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    const auto byte = decode_escape_at(path, i);
    if (byte && is_unreserved(*byte)) {
      out += static_cast<char>(*byte);
    } else {
      out += path.substr(i, 3);
    }
    i += 2;
  }
  return out;
}

// Pass B: rewrites every escape with upper-case hex digits.
std::string
uppercase_escapes(std::string_view path)
{
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    const auto byte = decode_escape_at(path, i);
    if (byte) {
      append_escape(out, *byte);
    } else {
      out += path.substr(i, 3);
    }
    i += 2;
  }
  return out;
}

// Pass C: percent-encodes every raw byte for which `allowed` is false.
std::string
encode_disallowed(std::string_view text, bool (*allowed)(unsigned char))
{
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (allowed(byte)) {
      out += c;
    } else {
      append_escape(out, byte);
    }
  }
  return out;
}

// Pass D: RFC 3986 5.2.4 remove_dot_segments for a path starting with '/', in linear time.
std::string
remove_dot_segments(std::string_view path)
{
  std::string out;
  out.reserve(path.size());
  // Drops the last segment of `out` together with the '/' before it.
  const auto pop_segment = [&out] {
    const std::size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  std::size_t i = 0; // the input buffer is path.substr(i); it always starts with '/'
  while (i < path.size()) {
    const std::string_view rest = path.substr(i);
    if (rest.starts_with("/./")) {
      i += 2;
    } else if (rest == "/.") {
      out += '/';
      i = path.size();
    } else if (rest.starts_with("/../")) {
      pop_segment();
      i += 3;
    } else if (rest == "/..") {
      pop_segment();
      out += '/';
      i = path.size();
    } else {
      const std::size_t next = path.find('/', i + 1);
      const std::size_t end = next == std::string_view::npos ? path.size() : next;
      out += path.substr(i, end - i);
      i = end;
    }
  }
  if (out.empty()) {
    out = "/";
  }
  return out;
}

// Replaces `text` with `next` and records the step when it changed something.
void
apply_step(std::string& text,
           std::string next,
           std::string_view what,
           std::vector<NormalizationStep>* steps)
{
  if (next == text) {
    return;
  }
  text = std::move(next);
  if (steps != nullptr) {
    steps->push_back(NormalizationStep{std::string(what), text});
  }
}

// Validates `text` and applies passes A, B and C, recording the steps into `steps` if given.
std::expected<std::string, UrlError>
canonicalize_text(std::string_view text,
                  std::size_t base_offset,
                  std::vector<NormalizationStep>* steps)
{
  if (auto error = validate_path_text(text, base_offset)) {
    return std::unexpected(std::move(*error));
  }
  std::string out(text);
  apply_step(out, decode_unreserved_escapes(out), "decoded unreserved escapes", steps);
  apply_step(out, uppercase_escapes(out), "uppercased escapes", steps);
  apply_step(out,
             encode_disallowed(out, is_allowed_in_path),
             "encoded characters not allowed in a path",
             steps);
  return out;
}

// Checks the percent-escapes of an authority or query part: well-formed and not `%00`.
std::optional<UrlError>
check_escapes(std::string_view text, std::size_t base_offset, std::string_view where)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      continue;
    }
    const auto byte = decode_escape_at(text, i);
    if (!byte) {
      return UrlError{fmt::format("malformed percent-escape in {}", where), base_offset + i};
    }
    if (*byte == 0) {
      return UrlError{fmt::format("encoded NUL (%00) in {}", where), base_offset + i};
    }
    i += 2;
  }
  return std::nullopt;
}

// Normalizes a query: checks escapes, upper-cases them and encodes disallowed raw bytes.
std::expected<std::string, UrlError>
normalize_query(std::string_view query, std::size_t base_offset)
{
  if (auto error = check_escapes(query, base_offset, "query")) {
    return std::unexpected(std::move(*error));
  }
  return encode_disallowed(uppercase_escapes(query), is_allowed_in_query);
}

// Length of a leading RFC 3986 scheme followed by ':' in `input`, or 0 when there is none.
std::size_t
scheme_length(std::string_view input)
{
  if (input.empty() || !is_alpha(static_cast<unsigned char>(input[0]))) {
    return 0;
  }
  for (std::size_t i = 1; i < input.size(); ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (c == ':') {
      return i;
    }
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
      return 0;
    }
  }
  return 0;
}

// Checks that every byte of a userinfo is unreserved, a sub-delim, ':' or '%'.
std::optional<UrlError>
check_userinfo(std::string_view userinfo, std::size_t base_offset)
{
  for (std::size_t i = 0; i < userinfo.size(); ++i) {
    const auto c = static_cast<unsigned char>(userinfo[i]);
    if (!is_unreserved(c) && !is_sub_delim(c) && c != ':' && c != '%') {
      return UrlError{"invalid character in userinfo", base_offset + i};
    }
  }
  return check_escapes(userinfo, base_offset, "userinfo");
}

// Checks that every byte of a reg-name host is unreserved, a sub-delim or '%'; a raw
// internationalized host is refused with a hint at its ASCII (punycode) form.
std::optional<UrlError>
check_reg_name(std::string_view host, std::size_t base_offset)
{
  for (std::size_t i = 0; i < host.size(); ++i) {
    const auto c = static_cast<unsigned char>(host[i]);
    if (c >= 0x80) {
      return UrlError{"non-ASCII character in host (use its punycode form, xn--...)",
                      base_offset + i};
    }
    if (!is_unreserved(c) && !is_sub_delim(c) && c != '%') {
      return UrlError{"invalid character in host", base_offset + i};
    }
  }
  return check_escapes(host, base_offset, "host");
}

// Parses `authority` (at `base_offset` in the input) into url.host/url.port, recording steps.
std::optional<UrlError>
parse_authority(std::string_view authority, std::size_t base_offset, NormalizedUrl& url)
{
  std::size_t host_start = 0;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    if (auto error = check_userinfo(userinfo, base_offset)) {
      return error;
    }
    // The step shows the user name only: a password never reaches any output.
    const std::size_t colon_at = userinfo.find(':');
    url.steps.push_back({"dropped userinfo",
                         colon_at == std::string_view::npos
                             ? std::string(userinfo) + "@"
                             : std::string(userinfo.substr(0, colon_at)) + ":***@"});
    host_start = at + 1;
  }
  const std::string_view host_port = authority.substr(host_start);
  const std::size_t host_offset = base_offset + host_start;

  std::string_view host;
  std::optional<std::size_t> colon; // position of the port's ':' in host_port
  if (host_port.starts_with('[')) {
    const std::size_t close = host_port.find(']');
    if (close == std::string_view::npos || close == 1) {
      return UrlError{"invalid IPv6 literal", host_offset};
    }
    for (std::size_t i = 1; i < close; ++i) {
      const char c = host_port[i];
      if (!hex_value(c) && c != ':' && c != '.') {
        return UrlError{"invalid IPv6 literal", host_offset + i};
      }
    }
    host = host_port.substr(0, close + 1);
    if (close + 1 < host_port.size()) {
      if (host_port[close + 1] != ':') {
        return UrlError{"invalid host", host_offset + close + 1};
      }
      colon = close + 1;
    }
  } else {
    const std::size_t pos = host_port.find(':');
    host = host_port.substr(0, pos);
    if (pos != std::string_view::npos) {
      colon = pos;
    }
    if (auto error = check_reg_name(host, host_offset)) {
      return error;
    }
  }
  if (host.empty()) {
    return UrlError{"missing host", host_offset};
  }
  url.host = to_lower_ascii(host);
  if (url.host != host) {
    url.steps.push_back({"lowercased host", url.host});
  }

  if (!colon) {
    return std::nullopt;
  }
  const std::string_view port = host_port.substr(*colon + 1);
  const std::size_t port_offset = host_offset + *colon + 1;
  if (port.empty()) {
    return std::nullopt;
  }
  unsigned long value = 0;
  for (char c : port) {
    if (!is_digit(static_cast<unsigned char>(c))) {
      return UrlError{"invalid port", port_offset};
    }
    value = value * 10 + static_cast<unsigned long>(c - '0');
    if (value > 65535) {
      return UrlError{"invalid port", port_offset};
    }
  }
  if (value == 0) {
    return UrlError{"invalid port", port_offset};
  }
  const unsigned long default_port = url.scheme == "https" ? 443 : 80;
  if (value == default_port) {
    url.steps.push_back({"dropped default port", ":" + std::string(port)});
    return std::nullopt;
  }
  url.port = std::string(port);
  return std::nullopt;
}

} // namespace

std::expected<NormalizedUrl, UrlError>
normalize_url_full(std::string_view input)
{
  if (input.empty()) {
    return fail("empty URL", 0);
  }
  if (input.size() > max_url_length) {
    return fail("URL is longer than " + std::to_string(max_url_length) + " bytes", max_url_length);
  }
  if (auto error = check_control_characters(input, "URL")) {
    return std::unexpected(std::move(*error));
  }

  NormalizedUrl url;
  std::size_t path_start = 0; // where the path (or query/fragment) begins in `input`
  if (input.front() != '/') {
    const std::size_t length = scheme_length(input);
    if (length == 0) {
      return fail("expected a path starting with '/' or an http(s) URL", 0);
    }
    const std::string_view scheme = input.substr(0, length);
    url.scheme = to_lower_ascii(scheme);
    if (url.scheme != "http" && url.scheme != "https") {
      return fail("unsupported scheme '" + std::string(scheme) + "' (expected http or https)", 0);
    }
    const std::size_t authority_start = length + 3;
    if (input.substr(length + 1, 2) != "//") {
      return fail("expected '//' after '" + std::string(scheme) + ":'", length + 1);
    }
    std::size_t authority_end = input.find_first_of("/?#", authority_start);
    if (authority_end == std::string_view::npos) {
      authority_end = input.size();
    }
    const std::string_view authority =
        input.substr(authority_start, authority_end - authority_start);
    if (auto error = parse_authority(authority, authority_start, url)) {
      return std::unexpected(std::move(*error));
    }
    path_start = authority_end;
  }

  std::string_view rest = input.substr(path_start);
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    url.steps.push_back({"dropped fragment", std::string(rest.substr(hash))});
    rest = rest.substr(0, hash);
  }
  const std::size_t question = rest.find('?');
  auto path = canonicalize_text(rest.substr(0, question), path_start, &url.steps);
  if (!path) {
    return std::unexpected(std::move(path.error()));
  }
  if (path->empty()) {
    *path = "/";
  }
  apply_step(*path, remove_dot_segments(*path), "removed dot segments", &url.steps);
  url.path = std::move(*path);

  if (question != std::string_view::npos) {
    auto query = normalize_query(rest.substr(question + 1), path_start + question + 1);
    if (!query) {
      return std::unexpected(std::move(query.error()));
    }
    url.query = std::move(*query);
    url.has_query = true;
  }
  // Encoding can triple the input: the normalized request target must fit the limit as well,
  // or normalizing it again would fail (and a server would see it longer than that).
  const std::size_t target = url.path.size() + (url.has_query ? url.query.size() + 1 : 0);
  if (target > max_url_length) {
    return fail(fmt::format("URL is longer than {} bytes once percent-encoded", max_url_length),
                path_start);
  }
  return url;
}

std::expected<std::string, UrlError>
canonicalize_path_text(std::string_view text)
{
  if (auto error = check_control_characters(text, "path")) {
    return std::unexpected(std::move(*error));
  }
  return canonicalize_text(text, 0, nullptr);
}

} // namespace cachectl
