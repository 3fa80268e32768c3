// Checks of the options of [defaults] and each rule: semantics, Vary, bypass.
#include "analysis/tag_text.hpp"
#include "analysis/validator.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/match/matcher.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace cachectl {

// Checks the tags and Vary of [defaults] once (option semantics are checked per rule, on the
// effective options, and reported at [defaults] when they come from there).
void
Validator::check_defaults()
{
  check_tag_syntax(nullptr, m_config.defaults.tags, m_config.defaults.tags);
  if (m_config.defaults.vary) {
    check_vary(nullptr, *m_config.defaults.vary);
  }
}

void
Validator::check_rule_options(const Rule& rule)
{
  const CacheOptions& own = rule.options;
  if (own.cache == false) {
    for (const auto& [name, place] : rule.key_pos) {
      if (name != "cache" && !name.starts_with("bypass")) {
        add("ignored-options",
            span(place.key, place.key_end),
            fmt::format("`{}` is ignored: `{}` sets `cache = false`, which opts out of caching",
                        name,
                        rule.pattern.source()));
      }
    }
    return;
  }
  const CacheOptions effective = merge(m_config.defaults, own);
  check_semantics(&rule, effective);
  // Tag templates must name the rule's parameters.
  const auto& params = rule.pattern.param_names();
  for (const auto& tag : effective.tags) {
    for (const auto& name : template_names(tag)) {
      if (std::find(params.begin(), params.end(), name) != params.end()) {
        continue;
      }
      const bool own_tag = std::find(own.tags.begin(), own.tags.end(), tag) != own.tags.end();
      std::string closest;
      std::size_t best = 3;
      for (const auto& p : params) {
        const std::size_t d = edit_distance(name, p, 2);
        if (d < best) {
          best = d;
          closest = p;
        }
      }
      add("unknown-tag-param",
          own_tag ? option_span(&rule, "tags", true) : option_span(nullptr, "tags", true),
          fmt::format("tag `{}` uses `{{{}}}`, but `{}` has no parameter `{}`{}",
                      tag,
                      name,
                      rule.pattern.source(),
                      name,
                      params.empty() ? "" : fmt::format(" (it has {})", fmt::join(params, ", "))),
          {},
          closest.empty() ? std::string() : "{" + closest + "}");
    }
  }
  check_tag_syntax(&rule, own.tags, effective.tags);
  check_dropped_options(rule, effective);
  if (own.vary) {
    check_vary(&rule, *own.vary);
  }
}

// Option combinations that do not do what they seem to.
void
Validator::check_semantics(const Rule* rule, const CacheOptions& o)
{
  // Problems located in [defaults] are reported once there, without naming a rule.
  auto where_for = [&](std::string_view name) {
    return rule != nullptr && rule->key_pos.contains(std::string(name))
               ? fmt::format(" for `{}`", rule->pattern.source())
               : std::string();
  };
  if ((o.swr || o.stale_if_error) && !o.max_age) {
    const char* name = o.swr ? "swr" : "stale_if_error";
    add("stale-without-max-age",
        option_span(rule, name),
        fmt::format("`{}` has no effect without `max_age`{}: stale directives extend a freshness "
                    "lifetime",
                    name,
                    where_for(name)));
  }
  // must_revalidate is the browser's: it meets the CDN's stale windows only where Cache-Control
  // is also the CDN's header (no provider checked, or one without a CDN-only header).
  const bool shared_cache_control =
      m_providers.empty() ||
      std::any_of(m_providers.begin(), m_providers.end(), [](const ProviderInfo* p) {
        return p->headers.style == CdnTtlStyle::s_maxage ||
               p->headers.style == CdnTtlStyle::accel_expires;
      });
  if ((o.swr || o.stale_if_error) && o.must_revalidate == true && shared_cache_control) {
    add("swr-with-must-revalidate",
        option_span(rule, "must_revalidate"),
        fmt::format("`must_revalidate` forbids serving stale responses, so `{}` is ignored{}",
                    o.swr ? "swr" : "stale_if_error",
                    where_for("must_revalidate")));
  }
  if (o.status_max_age) {
    // A status entry for a status `statuses` does not cache is never used.
    const auto& cached = o.statuses ? *o.statuses : default_statuses();
    for (const auto& [status, ttl] : *o.status_max_age) {
      const bool used = std::any_of(cached.begin(), cached.end(), [&](std::int64_t code) {
        return status.ends_with("xx") ? fmt::format("{}xx", code / 100) == status
                                      : fmt::format("{}", code) == status;
      });
      if (!used) {
        add("status-not-cached",
            option_span(rule, "status." + status),
            fmt::format("status.\"{}\" = {} is never used{}: `statuses` does not cache {}; "
                        "those responses get no-store",
                        status,
                        ttl,
                        where_for("status." + status),
                        status.ends_with("xx") ? "any status of that class" : "that status"));
      }
    }
  }
  if (o.immutable == true) {
    const std::int64_t ttl = std::max(o.max_age.value_or(0), o.browser_max_age.value_or(0));
    if (ttl < 86400) {
      add("immutable-short-ttl",
          option_span(rule, "immutable"),
          fmt::format(
              "`immutable` with a TTL of {} s{}: immutable is for content that never changes "
              "at its URL, usually cached for a year",
              ttl,
              where_for("immutable")));
    }
  }
  if (o.browser_max_age && o.max_age && *o.browser_max_age > *o.max_age) {
    add("browser-ttl-exceeds-cdn-ttl",
        option_span(rule, "browser_max_age"),
        fmt::format("`browser_max_age` ({} s) is longer than `max_age` ({} s){}: browsers keep the "
                    "response after the CDN has dropped it, out of reach of purges",
                    *o.browser_max_age,
                    *o.max_age,
                    where_for("browser_max_age")));
  }
  if (o.methods) {
    for (const auto& method : *o.methods) {
      const bool token = !method.empty() && std::all_of(method.begin(), method.end(), is_tchar);
      const bool upper =
          std::none_of(method.begin(), method.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!token || !upper) {
        std::string fixed = method;
        std::transform(fixed.begin(), fixed.end(), fixed.begin(), [](unsigned char c) {
          return static_cast<char>(std::toupper(c));
        });
        add("invalid-method",
            option_span(rule, "methods", true),
            fmt::format(
                "`{}` is not an HTTP method (methods are case-sensitive tokens such as GET)",
                method),
            {},
            token ? fixed : std::string());
      } else if (method != "GET" && method != "HEAD") {
        add("uncacheable-method",
            option_span(rule, "methods", true),
            fmt::format(
                "responses to {} are not cached by shared caches{}", method, where_for("methods")));
      }
    }
  }
  if (o.statuses) {
    for (std::int64_t status : *o.statuses) {
      if (status < 200 || status == 304) {
        add("uncacheable-status",
            option_span(rule, "statuses", true),
            fmt::format("status {} is never stored: {}",
                        status,
                        status == 304 ? "a 304 only updates a stored response"
                                      : "1xx responses are not final"));
      }
    }
  }
  if (o.last_modified && !parse_timestamp(*o.last_modified)) {
    add("invalid-value",
        option_span(rule, "last_modified", true),
        fmt::format("`last_modified` must be an RFC 3339 date-time (2024-05-01T10:00:00Z) or an "
                    "IMF-fixdate (Wed, 01 May 2024 10:00:00 GMT), not `{}`",
                    *o.last_modified));
  }
  if (o.etag) {
    static const RE2 etag(R"((W/)?"[\x21\x23-\x7E\x80-\xFF]*")");
    if (!RE2::FullMatch(*o.etag, etag)) {
      add("invalid-value",
          option_span(rule, "etag", true),
          fmt::format("`etag` must be a quoted entity tag such as `\"v1\"` or `W/\"v1\"`, not `{}`",
                      *o.etag),
          {},
          o.etag->find('"') == std::string::npos ? fmt::format("\"{}\"", *o.etag) : std::string());
    }
  }
  for (const ProviderInfo* provider : m_providers) {
    if (provider->max_ttl != 0 && o.max_age && *o.max_age > provider->max_ttl) {
      add("ttl-above-provider-cap",
          option_span(rule, "max_age", true),
          fmt::format("{} honours TTLs up to {} s; `max_age = {}`{} is capped",
                      provider->display,
                      provider->max_ttl,
                      *o.max_age,
                      where_for("max_age")));
    }
  }
}

// Vary values a checked provider ignores or refuses.
void
Validator::check_vary(const Rule* rule, const std::vector<std::string>& vary)
{
  const SourceSpan at = option_span(rule, "vary", true);
  for (const auto& header : vary) {
    if (header == "*") {
      add("vary-ignored", at, "`Vary: *` makes responses uncacheable in every cache");
      continue;
    }
    const std::string lower = ascii_lower(header);
    for (const ProviderInfo* provider : m_providers) {
      auto listed = [&](std::span<const std::string_view> list) {
        return std::any_of(
            list.begin(), list.end(), [&](std::string_view h) { return ascii_lower(h) == lower; });
      };
      std::string problem;
      switch (provider->vary) {
      case VaryPolicy::honoured:
        break;
      case VaryPolicy::accept_encoding:
        if (lower != "accept-encoding") {
          problem =
              fmt::format("{} ignores `Vary: {}` (it varies only on Accept-Encoding by default); "
                          "every variant shares one cache entry",
                          provider->display,
                          header);
        }
        break;
      case VaryPolicy::listed:
        if (!listed(provider->vary_allowed)) {
          problem = fmt::format("{} does not cache responses that vary on `{}` (only {})",
                                provider->display,
                                header,
                                fmt::join(provider->vary_allowed, ", "));
        }
        break;
      case VaryPolicy::ignored:
        problem =
            fmt::format("{} ignores the Vary header; configure variance in its settings instead",
                        provider->display);
        break;
      }
      if (problem.empty() && listed(provider->vary_refused)) {
        problem =
            fmt::format("{} does not cache responses with `Vary: {}`", provider->display, header);
      }
      if (!problem.empty()) {
        add("vary-ignored", at, problem);
      }
    }
  }
}

// Empty or invalid cookie, header and query parameter names.
void
Validator::check_bypass(const BypassRules& bypass,
                        const std::map<std::string, KeyPlace>& places,
                        std::string_view prefix)
{
  auto at = [&](std::string_view key) {
    const auto it = places.find(fmt::format("{}{}", prefix, key));
    return it == places.end() ? span({}, {}) : span(it->second.value, it->second.value_end);
  };
  for (const auto& cookie : bypass.cookies) {
    std::string_view name = cookie;
    if (name.ends_with('*')) {
      name.remove_suffix(1);
    }
    if (cookie.empty() || (!name.empty() && !std::all_of(name.begin(), name.end(), is_tchar))) {
      add("invalid-bypass",
          at("cookies"),
          cookie.empty()
              ? std::string("empty cookie name")
              : fmt::format("`{}` is not a cookie name (RFC 6265 token; `*` only at the end)",
                            cookie));
    }
  }
  for (const auto& header : bypass.headers) {
    if (header.empty() || !std::all_of(header.begin(), header.end(), is_tchar)) {
      add("invalid-bypass",
          at("headers"),
          header.empty() ? std::string("empty header name")
                         : fmt::format("`{}` is not a header name (RFC 9110 token)", header));
    }
  }
  for (const auto& param : bypass.query_params) {
    if (param.empty()) {
      add("invalid-bypass", at("query"), "empty query parameter name");
    }
  }
}

// Options a checked provider's header profile cannot carry (the descriptor's
// HeaderProfile::stale_while_revalidate / stale_if_error), which `headers` leaves out.
void
Validator::check_dropped_options(const Rule& rule, const CacheOptions& effective)
{
  if (!effective.max_age) {
    return; // without a CDN TTL nothing is written for any provider
  }
  for (const ProviderInfo* provider : m_providers) {
    const HeaderProfile& profile = provider->headers;
    if (!profile.available) {
      continue;
    }
    const auto dropped = [&](std::string_view key, std::string_view directive, std::int64_t value) {
      // A [defaults] key is reported once, not once per rule that inherits it.
      const bool own = rule.key_pos.contains(std::string(key));
      add("provider-drops-option",
          option_span(&rule, key),
          fmt::format("{} does not document {}: `headers --provider {}` leaves {} = {} out{}",
                      provider->display,
                      directive,
                      provider->name,
                      key,
                      value,
                      own ? fmt::format(" for `{}`", rule.pattern.source())
                          : std::string(" wherever a rule with max_age inherits it")));
    };
    if (effective.swr && !profile.stale_while_revalidate) {
      dropped("swr", "stale-while-revalidate", *effective.swr);
    }
    if (effective.stale_if_error && !profile.stale_if_error) {
      dropped("stale_if_error", "stale-if-error", *effective.stale_if_error);
    }
  }
}

} // namespace cachectl
