// Effective cache headers read back into cache.toml options (see header_options.hpp).
#include "header_options.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <set>

namespace cachectl::interop {

namespace {

constexpr std::array<std::string_view, 11> cache_headers = {"cache-control",
                                                            "cache-groups",
                                                            "cdn-cache-control",
                                                            "netlify-cdn-cache-control",
                                                            "cloudflare-cdn-cache-control",
                                                            "vercel-cdn-cache-control",
                                                            "cache-tag",
                                                            "netlify-cache-tag",
                                                            "vercel-cache-tag",
                                                            "vary",
                                                            "netlify-vary"};

// The items of a comma-separated list, trimmed, empty ones dropped.
std::vector<std::string>
list_items(std::string_view value)
{
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= value.size()) {
    const std::size_t to = std::min(value.find(',', from), value.size());
    const std::string_view item = trim_ows(value.substr(from, to - from));
    if (!item.empty()) {
      out.emplace_back(item);
    }
    from = to + 1;
  }
  return out;
}

// One Cache-Control directive: lowercase name and its value (quotes removed).
struct Directive {
  std::string name;
  std::optional<std::string> value;
};

std::vector<Directive>
directives(std::string_view value)
{
  std::vector<Directive> out;
  for (const auto& item : list_items(value)) {
    const std::size_t eq = item.find('=');
    Directive d{ascii_lower(trim_ows(std::string_view(item).substr(0, eq))), std::nullopt};
    if (eq != std::string::npos) {
      std::string v(trim_ows(std::string_view(item).substr(eq + 1)));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
      }
      d.value = v;
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<long long>
seconds(const std::optional<std::string>& text)
{
  long long n = 0;
  if (!text || text->empty()) {
    return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc{} || end != text->data() + text->size() || n < 0) {
    return std::nullopt;
  }
  return n;
}

// A TOML basic string.
std::string
quoted(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string
string_array(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + quoted(item);
  }
  return "[" + out + "]";
}

// `a|b` items.
std::vector<std::string>
bar_items(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t to = std::min(text.find('|', from), text.size());
    const std::string_view item = trim_ows(text.substr(from, to - from));
    if (!item.empty()) {
      out.emplace_back(item);
    }
    from = to + 1;
  }
  return out;
}

// The CDN-only header cachectl writes for `provider`.
std::string_view
cdn_header_of(std::string_view provider)
{
  if (provider == "generic") {
    return "cdn-cache-control";
  }
  if (provider == "netlify") {
    return "netlify-cdn-cache-control";
  }
  if (provider == "cloudflare") {
    return "cloudflare-cdn-cache-control";
  }
  return "vercel-cdn-cache-control";
}

std::string_view
tag_header_of(std::string_view provider)
{
  if (provider == "generic") {
    return "cache-groups";
  }
  if (provider == "netlify") {
    return "netlify-cache-tag";
  }
  if (provider == "cloudflare") {
    return "cache-tag";
  }
  return "vercel-cache-tag";
}

} // namespace

bool
cache_header(std::string_view name)
{
  return std::ranges::find(cache_headers, name) != cache_headers.end();
}

std::string
duration_text(long long seconds)
{
  constexpr std::array<std::pair<long long, char>, 5> units = {
      {{31536000, 'y'}, {604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}}};
  if (seconds > 0) {
    for (const auto& [size, unit] : units) {
      if (seconds % size == 0) {
        return fmt::format("\"{}{}\"", seconds / size, unit);
      }
    }
  }
  return std::to_string(seconds);
}

std::vector<std::string>
options_from_headers(const HeaderMap& headers, std::string_view provider)
{
  std::map<std::string, std::string> keys; // key → TOML value
  auto get = [&](std::string_view name) -> const std::string* {
    const auto it = headers.find(std::string(name));
    return it == headers.end() ? nullptr : &it->second;
  };
  const std::string* cc = get("cache-control");
  const std::string* cdn = get(cdn_header_of(provider));
  if (cc != nullptr) {
    const auto list = directives(*cc);
    const bool no_store =
        std::ranges::any_of(list, [](const Directive& d) { return d.name == "no-store"; });
    if (no_store) {
      return {"cache = false"};
    }
    for (const auto& d : list) {
      if (d.name == "public") {
        keys["public"] = "true";
      } else if (d.name == "private") {
        keys["private"] = "true";
      } else if (d.name == "max-age" && seconds(d.value)) {
        keys["browser_max_age"] = duration_text(*seconds(d.value));
      } else if (d.name == "stale-while-revalidate" && seconds(d.value)) {
        keys["browser_swr"] = duration_text(*seconds(d.value));
      } else if (d.name == "stale-if-error" && seconds(d.value)) {
        keys["browser_stale_if_error"] = duration_text(*seconds(d.value));
      } else if (d.name == "no-cache" && !d.value) {
        keys["browser_no_cache"] = "true";
      } else if (d.name == "must-revalidate") {
        keys["must_revalidate"] = "true";
      } else if (d.name == "immutable") {
        keys["immutable"] = "true";
      } else if (d.name == "s-maxage" && seconds(d.value) && cdn == nullptr) {
        keys["max_age"] =
            duration_text(*seconds(d.value)); // the nearest option (a loss is reported)
      }
    }
  }
  if (cdn != nullptr) {
    for (const auto& d : directives(*cdn)) {
      if (d.name == "max-age" && seconds(d.value)) {
        keys["max_age"] = duration_text(*seconds(d.value));
      } else if (d.name == "stale-while-revalidate" && seconds(d.value)) {
        keys["swr"] = duration_text(*seconds(d.value));
      } else if (d.name == "stale-if-error" && seconds(d.value)) {
        keys["stale_if_error"] = duration_text(*seconds(d.value));
      }
    }
    if (const auto browser = keys.find("browser_max_age");
        keys.contains("max_age") && browser != keys.end() && browser->second == "0") {
      keys.erase(browser); // what max_age alone gives browsers
    }
  }
  if (const std::string* tags = get(tag_header_of(provider))) {
    std::vector<std::string> items = list_items(*tags);
    if (provider == "generic") { // RFC 9875 Cache-Groups: a list of structured-field strings
      for (auto& item : items) {
        if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
          std::string plain;
          for (std::size_t i = 1; i + 1 < item.size(); ++i) {
            if (item[i] == '\\' && i + 2 < item.size()) {
              ++i;
            }
            plain += item[i];
          }
          item = plain;
        }
      }
    }
    keys["tags"] = string_array(items);
  }
  if (const std::string* vary = get("vary")) {
    keys["vary"] = string_array(list_items(*vary));
  }
  if (const std::string* key = get("netlify-vary"); key != nullptr && provider == "netlify") {
    std::vector<std::string> parts;
    for (const auto& item : list_items(*key)) {
      const std::size_t eq = item.find('=');
      const std::string what = item.substr(0, eq);
      const auto names = bar_items(eq == std::string::npos ? "" : item.substr(eq + 1));
      if (what == "query" || what == "header" || what == "cookie") {
        parts.push_back(
            fmt::format("{} = {}", what == "query" ? "query" : what + "s", string_array(names)));
      }
    }
    keys["cache_key"] = fmt::format("{{ {} }}", fmt::join(parts, ", "));
  }
  // The key table's order (config_keys.cpp).
  constexpr std::array<std::string_view, 15> order = {"max_age",
                                                      "swr",
                                                      "stale_if_error",
                                                      "browser_max_age",
                                                      "browser_swr",
                                                      "browser_stale_if_error",
                                                      "browser_no_cache",
                                                      "public",
                                                      "cache_key",
                                                      "immutable",
                                                      "must_revalidate",
                                                      "private",
                                                      "tags",
                                                      "vary",
                                                      "cache"};
  std::vector<std::string> out;
  for (std::string_view key : order) {
    if (const auto it = keys.find(std::string(key)); it != keys.end()) {
      out.push_back(fmt::format("{} = {}", key, it->second));
    }
  }
  return out;
}

std::string
comparable_value(std::string_view name, std::string_view value)
{
  const bool cc_like = name.ends_with("cache-control");
  std::vector<std::string> items;
  if (cc_like) {
    for (const auto& d : directives(value)) {
      items.push_back(d.value ? d.name + "=" + *d.value : d.name);
    }
  } else if (name == "vary") {
    for (const auto& item : list_items(value)) {
      items.push_back(ascii_lower(item));
    }
  } else if (name == "netlify-vary") {
    return std::string(value);
  } else {
    items = list_items(value);
  }
  std::ranges::sort(items);
  if (!cc_like) {
    const auto dup = std::ranges::unique(items);
    items.erase(dup.begin(), dup.end());
  }
  return fmt::format("{}", fmt::join(items, ", "));
}

} // namespace cachectl::interop
