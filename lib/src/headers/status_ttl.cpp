#include "headers/status_ttl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace cachectl::headers_detail {

namespace {

// ` (file:line:col)` of option `key` of the rule, else of [defaults], else "".
std::string
written_at(const Config& config, const Rule& rule, const std::string& key)
{
  for (const auto* places : {&rule.key_pos, &config.defaults_pos}) {
    if (const auto it = places->find(key); it != places->end() && it->second.key.known()) {
      return fmt::format(" ({}:{}:{})", config.file, it->second.key.line, it->second.key.column);
    }
  }
  return {};
}

// Lowers `ttl` to at most `cap` when set.
void
cap(std::optional<std::int64_t>& ttl, std::int64_t limit)
{
  if (ttl && *ttl > limit) {
    ttl = limit;
  }
}

} // namespace

void
apply_status_ttl(const Config& config, const Rule& rule, std::int64_t status, Policy& policy)
{
  CacheOptions& o = policy.options;
  const std::string exact = fmt::format("{}", status);
  const std::string klass = fmt::format("{}xx", status / 100);
  if (o.status_max_age) {
    for (const std::string& key : {exact, klass}) {
      const auto it = o.status_max_age->find(key);
      if (it == o.status_max_age->end()) {
        continue;
      }
      o.max_age = it->second;
      cap(o.browser_max_age, it->second);
      policy.notes.push_back(fmt::format("status {}: TTL {} s from status.\"{}\"{}",
                                         status,
                                         it->second,
                                         key,
                                         written_at(config, rule, "status." + key)));
      return;
    }
  }
  if (status < 400) {
    return;
  }
  const std::int64_t negative = o.negative_max_age.value_or(default_negative_max_age);
  const bool capped =
      (o.max_age && *o.max_age > negative) || (o.browser_max_age && *o.browser_max_age > negative);
  if (!capped) {
    return;
  }
  cap(o.max_age, negative);
  cap(o.browser_max_age, negative);
  const std::string at = written_at(config, rule, "negative_max_age");
  policy.notes.push_back(
      fmt::format("status {}: a negative response keeps at most negative_max_age = {} s{}",
                  status,
                  negative,
                  at.empty() ? " (the default; set `negative_max_age` or a `status` entry)" : at));
}

} // namespace cachectl::headers_detail
