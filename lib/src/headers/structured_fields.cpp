// Header syntax: Cache-Control directive lists (RFC 9111 5.2), RFC 9651 structured fields, and
// Akamai Edge-Control times.
#include "headers/ttl_headers.hpp"

#include <cachectl/headers/headers.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

namespace {

// Largest RFC 9651 Integer (15 digits, §3.3.1).
constexpr std::int64_t sf_integer_max = 999'999'999'999'999;

// True for a byte an RFC 9651 key may start with.
bool
sf_key_start(char c)
{
  return (c >= 'a' && c <= 'z') || c == '*';
}

// True for a byte an RFC 9651 key may continue with.
bool
sf_key_char(char c)
{
  return sf_key_start(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
} // namespace

namespace headers_detail {

// `a, b=1, c` in Cache-Control syntax (RFC 9111 5.2: token [ "=" token ]; integers unquoted,
// §5.2.2.1).
std::string
cache_control_text(const std::vector<Directive>& directives)
{
  std::string out;
  for (const auto& d : directives) {
    out += out.empty() ? "" : ", ";
    out += d.name;
    if (d.value) {
      out += fmt::format("={}", *d.value);
    }
  }
  return out;
}

// The same directives as RFC 9651 Dictionary members (a valueless directive is a true Boolean,
// RFC 9213 §2.1).
std::vector<SfMember>
sf_members(const std::vector<Directive>& directives)
{
  std::vector<SfMember> members;
  for (const auto& d : directives) {
    members.push_back({d.name, d.value ? SfItem(*d.value) : SfItem(true)});
  }
  return members;
}

} // namespace headers_detail

std::string
serialize_sf_string(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E) {
      return {};
    }
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + '"';
}

std::string
serialize_sf_dictionary(const std::vector<SfMember>& members)
{
  std::string out;
  for (const auto& member : members) {
    const std::string& key = member.key;
    if (key.empty() || !sf_key_start(key.front()) ||
        !std::all_of(key.begin(), key.end(), sf_key_char)) {
      return {};
    }
    out += out.empty() ? "" : ", ";
    out += key;
    if (const auto* flag = std::get_if<bool>(&member.value)) {
      out += *flag ? "" : "=?0";
    } else if (const auto* number = std::get_if<std::int64_t>(&member.value)) {
      if (*number > sf_integer_max || *number < -sf_integer_max) {
        return {};
      }
      out += fmt::format("={}", *number);
    } else {
      const std::string text = serialize_sf_string(std::get<std::string>(member.value));
      if (text.empty()) {
        return {};
      }
      out += "=" + text;
    }
  }
  return out;
}

std::string
edge_control_time(std::int64_t seconds)
{
  if (seconds > 0 && seconds % 86400 == 0) {
    return fmt::format("{}d", seconds / 86400);
  }
  if (seconds > 0 && seconds % 3600 == 0) {
    return fmt::format("{}h", seconds / 3600);
  }
  if (seconds > 0 && seconds % 60 == 0) {
    return fmt::format("{}m", seconds / 60);
  }
  return fmt::format("{}s", seconds);
}

} // namespace cachectl
