#include "util/text.hpp"

#include <cachectl/live/cache_status.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace cachectl {

namespace {

// Longest header value kept in a CacheStatus (for messages).
constexpr std::size_t k_max_value = 200;

// A non-negative decimal integer (at most 15 digits, as RFC 9651 Integers); nullopt otherwise.
std::optional<std::int64_t>
parse_seconds(std::string_view text)
{
  text = trim_ows(text);
  if (text.empty() || text.size() > 15 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// Splits `value` at `separator` outside double-quoted strings (with `\` escapes).
std::vector<std::string_view>
split_outside_quotes(std::string_view value, char separator)
{
  std::vector<std::string_view> parts;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == separator) {
      parts.push_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(value.substr(start));
  return parts;
}

// `text` without its quotes and escapes when it is an RFC 9651 String; else as is.
std::string
unquote(std::string_view text)
{
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return std::string(text);
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) {
      ++i;
    }
    out += text[i];
  }
  return out;
}

// The value of parameter `key` of `entry`, or null.
const std::string*
param(const CacheStatusEntry& entry, std::string_view key)
{
  for (const auto& [name, value] : entry.params) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

// The state an RFC 9211 entry says: `hit` (fresh or, with `fwd=stale`, stale), else by `fwd`.
CacheState
entry_state(const CacheStatusEntry& entry)
{
  const std::string* fwd = param(entry, "fwd");
  if (const std::string* hit = param(entry, "hit"); hit != nullptr && *hit == "?1") {
    return CacheState::hit;
  }
  if (fwd == nullptr) {
    return CacheState::unknown;
  }
  if (*fwd == "stale") {
    return CacheState::stale; // a stale response was revalidated
  }
  if (*fwd == "bypass" || *fwd == "method" || *fwd == "request") {
    return CacheState::bypass;
  }
  return CacheState::miss; // uri-miss, vary-miss, miss, partial
}

// Provider headers, in the order they are believed: each names one cache's view.
constexpr std::array<std::string_view, 6> k_provider_headers = {
    "cf-cache-status", "x-vercel-cache", "x-cache-status", "cdn-cache", "x-cache", "x-proxy-cache"};

} // namespace

std::string_view
to_string(CacheState state)
{
  switch (state) {
  case CacheState::hit:
    return "hit";
  case CacheState::stale:
    return "stale";
  case CacheState::miss:
    return "miss";
  case CacheState::bypass:
    return "bypass";
  case CacheState::unknown:
    break;
  }
  return "unknown";
}

bool
served_from_cache(CacheState state)
{
  return state == CacheState::hit || state == CacheState::stale;
}

std::vector<CacheStatusEntry>
parse_cache_status_field(std::string_view value)
{
  std::vector<CacheStatusEntry> entries;
  for (const std::string_view member : split_outside_quotes(value, ',')) {
    const std::vector<std::string_view> parts = split_outside_quotes(member, ';');
    // A member with no name, or the empty string `""` as its name, names no cache: skipped.
    CacheStatusEntry entry{unquote(trim_ows(parts.front())), {}};
    if (entry.cache.empty()) {
      continue;
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const std::string_view item = trim_ows(parts[i]);
      const std::size_t eq = item.find('=');
      const std::string key = ascii_lower(trim_ows(item.substr(0, eq)));
      if (key.empty()) {
        continue;
      }
      entry.params.emplace_back(key,
                                eq == std::string_view::npos
                                    ? std::string("?1")
                                    : unquote(trim_ows(item.substr(eq + 1))));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

CacheState
parse_cache_word(std::string_view value)
{
  // `HIT, MISS` (Fastly: shield, then edge): the last member is the cache nearest the client.
  const std::vector<std::string_view> members = split_outside_quotes(value, ',');
  const std::string word = ascii_lower(trim_ows(members.back()));
  const auto has = [&](std::string_view needle) { return word.find(needle) != std::string::npos; };
  // Order matters: `refreshhit`, `tcp_refresh_miss`, `stale` before the plain words.
  if (has("stale") || has("updating") || has("refresh_hit") || has("refreshhit") ||
      has("revalidated")) {
    return CacheState::stale;
  }
  if (has("bypass") || has("dynamic") || has("uncacheable") || has("nocache") || has("pass")) {
    return CacheState::bypass;
  }
  if (has("miss") || has("expired")) {
    return CacheState::miss;
  }
  if (has("hit") || has("prerender")) { // Vercel's PRERENDER: served from its cache
    return CacheState::hit;
  }
  return CacheState::unknown;
}

CacheStatus
cache_status_of(const std::vector<std::pair<std::string, std::string>>& headers)
{
  CacheStatus status;
  const auto find = [&](std::string_view name) -> const std::string* {
    for (const auto& [key, value] : headers) {
      if (key == name) {
        return &value;
      }
    }
    return nullptr;
  };
  if (const std::string* age = find("age")) {
    status.age = parse_seconds(*age);
  }
  const auto say = [&](std::string_view source, const std::string& value, CacheState state) {
    status.source = std::string(source);
    status.value = value.substr(0, k_max_value);
    status.state = state;
  };
  // RFC 9211: the last entry is the cache nearest the client.
  std::string cache_status;
  for (const auto& [key, value] : headers) {
    if (key == "cache-status") {
      cache_status += (cache_status.empty() ? "" : ", ") + value;
    }
  }
  if (!cache_status.empty()) {
    const auto entries = parse_cache_status_field(cache_status);
    if (!entries.empty()) {
      say("cache-status", cache_status, entry_state(entries.back()));
      if (const std::string* ttl = param(entries.back(), "ttl")) {
        status.ttl = parse_seconds(*ttl);
      }
      if (status.state != CacheState::unknown) {
        return status;
      }
      // An entry with neither `hit` nor `fwd` says nothing: no header has said it yet.
      status.source.clear();
      status.value.clear();
    }
  }
  for (const std::string_view name : k_provider_headers) {
    if (const std::string* value = find(name)) {
      const CacheState state = parse_cache_word(*value);
      if (state != CacheState::unknown) {
        say(name, *value, state);
        return status;
      }
    }
  }
  // No cache says: an Age above 0 means a cache stored the response (RFC 9111 5.1).
  if (status.age && *status.age > 0) {
    say("age", *find("age"), CacheState::hit);
  }
  return status;
}

} // namespace cachectl
