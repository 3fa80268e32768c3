#include "purge/purge_adapter.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace cachectl {

namespace {

// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to seconds since the epoch.
std::optional<std::time_t>
parse_http_date(std::string_view text)
{
  std::tm tm{};
  const std::string copy(text);
  const char* end = strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') {
    return std::nullopt;
  }
  return timegm(&tm);
}

// True when the response's Content-Type is JSON (`application/json`, `application/*+json`).
bool
declares_json(const HttpResponse& response)
{
  const auto type = header_value(response, "content-type");
  if (!type) {
    return false;
  }
  const std::string media = ascii_lower(std::string_view(*type).substr(0, type->find(';')));
  const std::string_view trimmed(media.data(), media.find_last_not_of(' ') + 1);
  return trimmed == "application/json" ||
         (trimmed.starts_with("application/") && trimmed.ends_with("+json"));
}

} // namespace

std::string
PurgeContext::value(std::string_view key, std::string_view fallback) const
{
  const auto it = values.find(std::string(key));
  return it == values.end() ? std::string(fallback) : it->second;
}

std::optional<std::string>
header_value(const HttpResponse& response, std::string_view name)
{
  const std::string wanted = ascii_lower(name);
  for (const auto& [key, value] : response.headers) {
    if (key == wanted) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<double>
parse_retry_after(std::string_view value)
{
  if (value.empty()) {
    return std::nullopt;
  }
  double seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error == std::errc() && end == value.data() + value.size()) {
    // from_chars also reads "inf" and "nan": a wait must be a finite, non-negative number.
    return seconds < 0 || !std::isfinite(seconds) ? std::nullopt : std::optional(seconds);
  }
  if (const auto date = parse_http_date(value)) {
    return std::max(0.0, static_cast<double>(*date - std::time(nullptr)));
  }
  return std::nullopt;
}

Verdict
verdict_from_status(const HttpResponse& response, std::string_view what)
{
  Verdict verdict;
  const auto with_what = [&](std::string text) {
    if (!what.empty()) {
      text += fmt::format(": {}", what);
    }
    return text;
  };
  if (response.status == 0) {
    verdict.kind = Verdict::Kind::retry;
    verdict.reason = response.timed_out ? fmt::format("timed out ({})", response.error)
                                        : fmt::format("no response: {}", response.error);
    return verdict;
  }
  const int status = response.status;
  if (status >= 200 && status < 300) {
    if (declares_json(response) && !response.body.empty() &&
        !nlohmann::json::accept(response.body)) {
      // Purging twice is harmless; an answer that cannot be read is retried, not trusted.
      verdict.kind = Verdict::Kind::retry;
      verdict.reason = fmt::format(
          "HTTP {} with an unreadable JSON body: {}", status, body_excerpt(response.body));
    }
    return verdict;
  }
  verdict.reason = with_what(fmt::format("HTTP {}", status));
  if (status == 429) {
    verdict.kind = Verdict::Kind::retry;
    verdict.rate_limited = true;
    if (const auto ms = header_value(response, "retry-after-ms")) {
      if (const auto value = parse_retry_after(*ms)) {
        verdict.retry_after = *value / 1000;
      }
    }
    if (!verdict.retry_after) {
      if (const auto after = header_value(response, "retry-after")) {
        verdict.retry_after = parse_retry_after(*after);
      }
    }
  } else if (status == 408 || status >= 500) {
    verdict.kind = Verdict::Kind::retry;
    if (const auto after = header_value(response, "retry-after")) {
      verdict.retry_after = parse_retry_after(*after);
    }
  } else if (status == 401 || status == 403) {
    verdict.kind = Verdict::Kind::fatal;
  } else {
    verdict.kind = Verdict::Kind::fail;
  }
  return verdict;
}

std::string
percent_encode(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

std::pair<std::string_view, std::string_view>
split_url(std::string_view url)
{
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t path = url.find_first_of("/?", start);
  if (path == std::string_view::npos) {
    return {url, "/"};
  }
  return {url.substr(0, path), url.substr(path)};
}

std::string_view
url_authority(std::string_view url)
{
  const std::size_t scheme = url.find("://");
  const std::string_view origin = split_url(url).first;
  return scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
}

std::string
body_excerpt(std::string_view body)
{
  std::string out;
  for (const char c : body) {
    if (out.size() >= 200) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ') {
        out += ' ';
      }
    } else if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else if (u >= 0x80 && (u & 0xC0) != 0x80) {
      out += '?'; // one `?` per non-ASCII character: messages stay valid UTF-8 when cut
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

} // namespace cachectl
