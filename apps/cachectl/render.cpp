#include "render.hpp"

#include <cachectl/pattern/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace cachectl::cli {

std::string
toml_text(const Json& value)
{
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      out += (i == 0 ? "" : ", ") + toml_text(value[i]);
    }
    return out + "]";
  }
  if (value.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [k, v] : value.items()) {
      out += fmt::format("{} {} = {}", first ? "" : ",", k, toml_text(v));
      first = false;
    }
    return out + " }";
  }
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string_view
status_name(Resolution::Kind kind)
{
  switch (kind) {
  case Resolution::Kind::matched:
    return "matched";
  case Resolution::Kind::unmatched:
    return "unmatched";
  case Resolution::Kind::outside_base:
    return "outside_base";
  case Resolution::Kind::redirect:
    return "redirect";
  case Resolution::Kind::invalid:
    break;
  }
  return "invalid";
}

namespace {

// `input` with the password of a URL's userinfo replaced by `***`.
std::string
redact_password(std::string_view input)
{
  const std::size_t scheme_end = input.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::string(input);
  }
  const std::size_t authority = scheme_end + 3;
  const std::size_t authority_end = std::min(input.find_first_of("/?#", authority), input.size());
  const std::size_t at = input.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority) {
    return std::string(input);
  }
  const std::size_t colon = input.substr(authority, at - authority).find(':');
  if (colon == std::string_view::npos) {
    return std::string(input);
  }
  return std::string(input.substr(0, authority + colon + 1)) + "***" +
         std::string(input.substr(at));
}

} // namespace

std::string
redacted_input(std::string_view input, std::size_t bytes)
{
  bytes = std::max(bytes, input.size());
  if (bytes > max_url_length) {
    // Never echo megabytes: the start (cut at a character boundary) says which input it was.
    // The whole text is redacted first; an authority that does not end in the text kept
    // (a line cut on reading) may hold a password, so it is not shown at all.
    const std::size_t scheme_end = input.find("://");
    std::string text = scheme_end != std::string_view::npos &&
                               input.find_first_of("/?#", scheme_end + 3) == std::string_view::npos
                           ? std::string(input.substr(0, scheme_end + 3))
                           : redact_password(input);
    std::size_t keep = std::min<std::size_t>(text.size(), 64);
    while (keep > 0 && keep < text.size() &&
           (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) {
      --keep;
    }
    return fmt::format("{}… ({} bytes)", text.substr(0, keep), bytes);
  }
  return redact_password(input);
}

std::string_view
redacted_input(std::string_view input, std::size_t bytes, std::string& storage)
{
  if (std::max(bytes, input.size()) <= max_url_length &&
      input.find("://") == std::string_view::npos) {
    return input; // no userinfo to redact, nothing to cut
  }
  storage = redacted_input(input, bytes);
  return storage;
}

std::string_view
trim_line(std::string_view line)
{
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = line.find_last_not_of(" \t\r\n");
  return line.substr(first, last - first + 1);
}

std::string
junit_timestamp()
{
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && epoch[0] != '\0') {
    now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  return buffer;
}

std::string
github_escape(std::string_view text, bool property)
{
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

} // namespace cachectl::cli
