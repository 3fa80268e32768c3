#include "util/text.hpp"

#include <cachectl/config/options.hpp>
#include <cachectl/util/timestamp.hpp>

#include <algorithm>

namespace cachectl {

namespace {

// Appends `tags` to `out`, skipping tags already present (first occurrence keeps its place).
void
append_unique(std::vector<std::string>& out, const std::vector<std::string>& tags)
{
  for (const auto& tag : tags) {
    if (std::find(out.begin(), out.end(), tag) == out.end()) {
      out.push_back(tag);
    }
  }
}

// Overwrites `base` with `top` when `top` is set.
template <class T>
void
overlay(std::optional<T>& base, const std::optional<T>& top)
{
  if (top) {
    base = top;
  }
}

} // namespace

bool
BypassRules::empty() const
{
  return cookies.empty() && headers.empty() && query == Query::never;
}

const std::vector<std::string>&
default_methods()
{
  static const std::vector<std::string> methods = {"GET", "HEAD"};
  return methods;
}

const std::vector<std::int64_t>&
default_statuses()
{
  static const std::vector<std::int64_t> statuses = {
      200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501};
  return statuses;
}

CacheOptions
merge(const CacheOptions& base, const CacheOptions& top)
{
  if (top.cache == false) {
    CacheOptions opted_out;
    opted_out.cache = false;
    return opted_out;
  }
  CacheOptions out = base;
  overlay(out.cache, top.cache);
  overlay(out.max_age, top.max_age);
  overlay(out.swr, top.swr);
  overlay(out.stale_if_error, top.stale_if_error);
  overlay(out.browser_max_age, top.browser_max_age);
  overlay(out.browser_swr, top.browser_swr);
  overlay(out.browser_stale_if_error, top.browser_stale_if_error);
  overlay(out.browser_no_cache, top.browser_no_cache);
  overlay(out.public_, top.public_);
  overlay(out.negative_max_age, top.negative_max_age);
  overlay(out.cache_key, top.cache_key);
  if (top.status_max_age) {
    // Per status: the rule's entries over those of [defaults].
    if (!out.status_max_age) {
      out.status_max_age.emplace();
    }
    for (const auto& [status, ttl] : *top.status_max_age) {
      (*out.status_max_age)[status] = ttl;
    }
  }
  overlay(out.immutable, top.immutable);
  overlay(out.must_revalidate, top.must_revalidate);
  overlay(out.private_, top.private_);
  overlay(out.vary, top.vary);
  overlay(out.methods, top.methods);
  overlay(out.statuses, top.statuses);
  overlay(out.etag, top.etag);
  overlay(out.bypass, top.bypass);
  append_unique(out.tags, top.tags);
  if (top.last_modified) {
    // Most recent wins; a value that is not a date cannot be compared and simply replaces.
    const auto old_time = out.last_modified ? parse_timestamp(*out.last_modified) : std::nullopt;
    const auto new_time = parse_timestamp(*top.last_modified);
    if (!old_time || !new_time || *new_time >= *old_time) {
      out.last_modified = top.last_modified;
    }
  }
  return out;
}

std::vector<std::string>
expand_tags(const std::vector<std::string>& tags,
            const std::vector<std::pair<std::string, std::string>>& params,
            const std::vector<std::string>& names)
{
  std::vector<std::string> out;
  out.reserve(tags.size());
  for (const auto& tag : tags) {
    std::string expanded;
    std::size_t pos = 0;
    while (pos < tag.size()) {
      const std::size_t open = tag.find('{', pos);
      const std::size_t close = open == std::string::npos ? open : tag.find('}', open + 1);
      if (close == std::string::npos) {
        expanded.append(tag, pos, std::string::npos);
        break;
      }
      expanded.append(tag, pos, open - pos);
      const std::string_view name(tag.data() + open + 1, close - open - 1);
      auto param = std::find_if(
          params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
      if (param != params.end()) {
        expanded += param->second;
      } else if (std::find(names.begin(), names.end(), name) != names.end()) {
        // an empty rest parameter: expands to nothing
      } else {
        expanded.append(tag, open, close - open + 1);
      }
      pos = close + 1;
    }
    if (std::find(out.begin(), out.end(), expanded) == out.end()) {
      out.push_back(std::move(expanded));
    }
  }
  return out;
}

std::vector<std::string>
expand_page_tags(const std::vector<std::string>& tags,
                 const std::vector<std::pair<std::string, std::string>>& params,
                 const std::vector<std::string>& names)
{
  std::vector<std::pair<std::string, std::string>> decoded;
  decoded.reserve(params.size());
  for (const auto& [name, value] : params) {
    decoded.emplace_back(name, percent_decode(value));
  }
  std::vector<std::string> templates = tags;
  for (const auto& name : names) {
    const bool captured = std::any_of(
        params.begin(), params.end(), [&](const auto& param) { return param.first == name; });
    if (captured) {
      continue;
    }
    // An empty rest param takes one `/` next to it along: `blog/{slug}` on `/blog` is `blog`.
    const std::string placeholder = "{" + name + "}";
    for (auto& tag : templates) {
      if (const std::size_t at = tag.find("/" + placeholder); at != std::string::npos) {
        tag.erase(at, 1);
      } else if (const std::size_t after = tag.find(placeholder + "/");
                 after != std::string::npos) {
        tag.erase(after + placeholder.size(), 1);
      }
    }
  }
  return expand_tags(templates, decoded, names);
}

} // namespace cachectl
