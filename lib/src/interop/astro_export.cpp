// `export --to astro`: Astro's route rules as JSON — the object of `routeRules` in Astro 7
// (`experimental.routeRules` in Astro 6.x), whose patterns are the ones cache.toml is written in.
//
// Astro compiles each key with the same getParts/getPattern as its pages (relative to `base`,
// under `trailingSlash`), sorts the keys with its route comparator, and gives a request the
// options of the first one that matches (core/cache/runtime/route-matching.ts,
// compileCacheRoutes and matchCacheRoute), as `Astro.cache.set()` would. One winner, by the
// priority cachectl implements: each rule becomes one entry, keyed by its pattern as written
// (the comparator's last tie-break reads it), carrying its options merged with `[defaults]`.
// The entries keep cache.toml's declaration order: Astro sorts Object.entries (insertion order)
// with V8's sort as cachectl sorts the rules in file order, and the comparator is not a strict
// weak order, so the same input order is what makes the same winners (a sorted list would be
// sorted again into another order).
// A route rule holds `maxAge` (the shared, CDN TTL), `swr` and `tags` only (normalizeRouteRule
// CacheOptions drops the rest, and a rule with none of them); every other option is refused.
// Every entry lists `tags`, empty if need be, so that it is never dropped and still wins.
#include "astro_export.hpp"

#include "export_support.hpp"

#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cachectl::interop {

namespace {

// Reports the options of one layer that a route rule has no field for.
void
check_options(const CacheOptions& options,
              const std::map<std::string, KeyPlace>& places,
              std::string_view scope,
              ExportDiagnostics& diagnostics)
{
  auto report = [&](bool set, const char* key) {
    if (!set) {
      return;
    }
    const auto it = places.find(key);
    const KeyPlace at = it == places.end() ? KeyPlace{} : it->second;
    diagnostics.inexpressible(
        at.key,
        at.value_end,
        fmt::format("{} {} (a route rule sets maxAge, swr and tags only)", scope, key),
        "the URLs it applies to");
  };
  report(options.stale_if_error.has_value(), "stale_if_error");
  report(options.browser_max_age.has_value(), "browser_max_age");
  report(options.browser_swr.has_value(), "browser_swr");
  report(options.browser_stale_if_error.has_value(), "browser_stale_if_error");
  report(options.browser_no_cache.has_value(), "browser_no_cache");
  report(options.public_.has_value(), "public");
  report(options.private_.has_value(), "private");
  report(options.cache_key.has_value(), "cache_key");
  report(options.immutable.has_value(), "immutable");
  report(options.must_revalidate.has_value(), "must_revalidate");
  report(options.vary.has_value(), "vary");
  report(options.last_modified.has_value(), "last_modified");
  report(options.etag.has_value(), "etag");
}

} // namespace

std::string
export_astro(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  check_options(config.defaults, config.defaults_pos, "[defaults]", diagnostics);
  nlohmann::ordered_json document = nlohmann::ordered_json::object();
  for (std::size_t index = 0; index < config.rules.size(); ++index) {
    const Rule& rule = config.rules[index];
    check_options(rule.options,
                  rule.key_pos,
                  fmt::format("[routes.\"{}\"]", rule.pattern.source()),
                  diagnostics);
    const bool templated = has_param_tags(config, rule);
    if (templated) {
      diagnostics.inexpressible(rule,
                                "a tag made from a parameter (route rule tags are static; the "
                                "tag is left out)",
                                "every URL of this rule (its tags lack that tag)");
    }
    RuleMatch match;
    match.rule = index;
    if (templated) {
      const auto& names = rule.pattern.param_names();
      for (std::size_t i = 0; i < names.size(); ++i) {
        match.params.emplace_back(names[i], param_sentinel(i));
      }
    }
    const Policy policy = decide_policy(config, match, Request{});
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    if (!policy.cacheable) {
      // `cache = false`: Astro's way is `Astro.cache.set(false)` in the route; the closest rule
      // keeps the CDN from storing it.
      diagnostics.inexpressible(rule,
                                "cache = false (a route rule cannot opt out; `Astro.cache.set"
                                "(false)` in the route can; maxAge 0 is written)",
                                "the URLs of this rule");
      entry["maxAge"] = 0;
      entry["tags"] = nlohmann::ordered_json::array();
      document[rule.pattern.source()] = std::move(entry);
      continue;
    }
    if (policy.options.max_age) {
      entry["maxAge"] = *policy.options.max_age;
    }
    if (policy.options.swr) {
      entry["swr"] = *policy.options.swr;
    }
    entry["tags"] = nlohmann::ordered_json::array();
    for (const auto& tag : policy.options.tags) {
      if (!holds_sentinel(tag)) {
        entry["tags"].push_back(tag);
      }
    }
    document[rule.pattern.source()] = std::move(entry);
  }
  return document.dump(2) + "\n";
}

} // namespace cachectl::interop
