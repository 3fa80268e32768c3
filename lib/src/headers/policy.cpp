#include "headers/status_ttl.hpp"
#include "util/text.hpp"

#include <cachectl/headers/policy.hpp>
#include <cachectl/headers/tags.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

namespace {

// ASCII lowercase of `c`.
char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// True when `a` and `b` are equal ignoring ASCII case (field names, RFC 9110 5.1).
bool
same_field_name(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lower(x) == lower(y);
         });
}

// ` (file:line:col)` for a known position, else "".
std::string
where(const Config& config, const KeyPlace* place)
{
  if (place == nullptr || !place->key.known()) {
    return {};
  }
  return fmt::format(" ({}:{}:{})", config.file, place->key.line, place->key.column);
}

// The place of `key` in `places`, or null.
const KeyPlace*
find_place(const std::map<std::string, KeyPlace>& places, const std::string& key)
{
  const auto it = places.find(key);
  return it == places.end() ? nullptr : &it->second;
}

// `"a", "b"` for messages.
std::string
quoted_list(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", item);
  }
  return out;
}

// Where an option of the effective set was written: the rule, [defaults], or nowhere.
const KeyPlace*
option_place(const Config& config, const Rule& rule, const std::string& key)
{
  if (const KeyPlace* place = find_place(rule.key_pos, key)) {
    return place;
  }
  return find_place(config.defaults_pos, key);
}

// Checks one set of bypass traits; `label` names it in messages ("[bypass]" or "the rule's
// bypass"), `places`/`prefix` locate its keys.
void
check_bypass(const Config& config,
             const BypassRules& rules,
             const Request& request,
             std::string_view label,
             const std::map<std::string, KeyPlace>& places,
             const std::string& prefix,
             std::vector<ConditionHit>& hits)
{
  if (!rules.cookies.empty()) {
    for (const auto& name : cookie_names(request.headers)) {
      const auto it =
          std::find_if(rules.cookies.begin(), rules.cookies.end(), [&](const std::string& pattern) {
            return cookie_matches(pattern, name);
          });
      if (it != rules.cookies.end()) {
        hits.push_back({Condition::bypass_cookie,
                        fmt::format("cookie `{}` matches {} cookies \"{}\"{}",
                                    name,
                                    label,
                                    *it,
                                    where(config, find_place(places, prefix + "cookies")))});
        break;
      }
    }
  }
  for (const auto& wanted : rules.headers) {
    const bool present =
        std::any_of(request.headers.begin(), request.headers.end(), [&](const auto& header) {
          return same_field_name(header.first, wanted);
        });
    if (present) {
      hits.push_back({Condition::bypass_header,
                      fmt::format("request header `{}` is present ({} headers = [{}]){}",
                                  wanted,
                                  label,
                                  quoted_list(rules.headers),
                                  where(config, find_place(places, prefix + "headers")))});
      break;
    }
  }
  const KeyPlace* query_at = find_place(places, prefix + "query");
  if (rules.query == BypassRules::Query::any && request.has_query && !request.query.empty()) {
    hits.push_back({Condition::bypass_query,
                    fmt::format("the URL has a query string ({} query = \"any\"){}",
                                label,
                                where(config, query_at))});
  } else if (rules.query == BypassRules::Query::listed && request.has_query) {
    for (const auto& name : query_param_names(request.query)) {
      if (std::find(rules.query_params.begin(), rules.query_params.end(), name) !=
          rules.query_params.end()) {
        hits.push_back({Condition::bypass_query,
                        fmt::format("query parameter `{}` is listed in {} query = [{}]{}",
                                    name,
                                    label,
                                    quoted_list(rules.query_params),
                                    where(config, query_at))});
        break;
      }
    }
  }
}

} // namespace

std::string_view
to_string(Condition condition)
{
  switch (condition) {
  case Condition::opt_out:
    return "opt_out";
  case Condition::method:
    return "method";
  case Condition::status:
    return "status";
  case Condition::bypass_cookie:
    return "bypass_cookie";
  case Condition::bypass_header:
    return "bypass_header";
  case Condition::bypass_query:
    break;
  }
  return "bypass_query";
}

bool
is_token(std::string_view name)
{
  if (name.empty()) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

std::optional<std::string>
parse_etag(std::string_view text)
{
  std::string_view opaque = text;
  if (opaque.starts_with("W/")) {
    opaque.remove_prefix(2);
  }
  if (opaque.size() < 2 || opaque.front() != '"' || opaque.back() != '"') {
    return std::nullopt;
  }
  opaque = opaque.substr(1, opaque.size() - 2);
  const bool valid = std::all_of(opaque.begin(), opaque.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x7E) || u >= 0x80;
  });
  if (!valid) {
    return std::nullopt;
  }
  return std::string(text);
}

std::vector<std::string>
cookie_names(const std::vector<std::pair<std::string, std::string>>& headers)
{
  std::vector<std::string> names;
  for (const auto& [name, value] : headers) {
    if (!same_field_name(name, "Cookie")) {
      continue;
    }
    // cookie-string = cookie-pair *( ";" SP cookie-pair ) (RFC 6265 4.2.1); a pair without `=`
    // is taken as a name, as browsers send it.
    std::string_view rest = value;
    while (!rest.empty()) {
      const std::size_t semicolon = rest.find(';');
      const std::string_view pair = trim_ows(rest.substr(0, semicolon));
      const std::string_view cookie = trim_ows(pair.substr(0, pair.find('=')));
      if (!cookie.empty()) {
        names.emplace_back(cookie);
      }
      if (semicolon == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(semicolon + 1);
    }
  }
  return names;
}

bool
cookie_matches(std::string_view pattern, std::string_view name)
{
  if (pattern.ends_with('*')) {
    return name.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return pattern == name;
}

std::vector<std::string>
query_param_names(std::string_view query)
{
  std::vector<std::string> names;
  while (true) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::string_view name = pair.substr(0, pair.find('='));
    if (!name.empty()) {
      names.push_back(percent_decode(name));
    }
    if (amp == std::string_view::npos) {
      return names;
    }
    query.remove_prefix(amp + 1);
  }
}

Policy
decide_policy(const Config& config,
              const RuleMatch& match,
              const Request& request,
              const CacheOptions& overrides)
{
  const Rule& rule = config.rules[match.rule];
  const std::vector<std::string> names = rule.pattern.param_names();
  CacheOptions top = overrides;
  top.tags = expand_page_tags(overrides.tags, match.params, names);

  Policy policy;
  policy.options = merge(effective_options(config, match), top);
  const CacheOptions& o = policy.options;

  if (o.cache == false) {
    std::string who =
        "the rule sets cache = false" + where(config, find_place(rule.key_pos, "cache"));
    if (overrides.cache == false) {
      who = "--no-cache";
    } else if (rule.options.cache != false && config.defaults.cache == false) {
      who =
          "[defaults] sets cache = false" + where(config, find_place(config.defaults_pos, "cache"));
    }
    policy.cacheable = false;
    policy.reasons.push_back({Condition::opt_out, who});
    return policy;
  }

  const auto& methods = o.methods ? *o.methods : default_methods();
  if (std::find(methods.begin(), methods.end(), request.method) == methods.end()) {
    policy.reasons.push_back(
        {Condition::method,
         fmt::format("method {} is not in methods = [{}]{}",
                     request.method,
                     quoted_list(methods),
                     o.methods ? where(config, option_place(config, rule, "methods"))
                               : std::string(" (the default)"))});
  }
  const auto& statuses = o.statuses ? *o.statuses : default_statuses();
  if (std::find(statuses.begin(), statuses.end(), request.status) == statuses.end()) {
    policy.reasons.push_back(
        {Condition::status,
         fmt::format("status {} is not in statuses = [{}]{}",
                     request.status,
                     fmt::join(statuses, ", "),
                     o.statuses
                         ? where(config, option_place(config, rule, "statuses"))
                         : std::string(" (the default: RFC 9110 heuristically cacheable)"))});
  }
  check_bypass(config, config.bypass, request, "[bypass]", config.bypass_pos, "", policy.reasons);
  if (o.bypass) {
    check_bypass(
        config, *o.bypass, request, "the rule's bypass", rule.key_pos, "bypass.", policy.reasons);
  }
  policy.cacheable = policy.reasons.empty();
  if (!policy.cacheable) {
    return policy; // no validators on a no-store response
  }
  headers_detail::apply_status_ttl(config, rule, request.status, policy);

  if (o.last_modified) {
    policy.last_modified = parse_timestamp(*o.last_modified);
    if (!policy.last_modified) {
      policy.warnings.push_back(fmt::format(
          "last_modified `{}` is not an RFC 3339 or IMF-fixdate date; Last-Modified left out",
          *o.last_modified));
    } else if (request.now && *policy.last_modified > *request.now) {
      // RFC 9110 8.8.2.1: an origin must not send a Last-Modified later than its Date.
      policy.warnings.push_back(
          fmt::format("last_modified {} is later than the response's Date {} (RFC 9110 8.8.2.1); "
                      "Last-Modified left out",
                      format_imf_fixdate(*policy.last_modified),
                      format_imf_fixdate(*request.now)));
      policy.last_modified.reset();
    }
  }
  if (o.etag) {
    policy.etag = parse_etag(*o.etag);
    if (!policy.etag) {
      policy.warnings.push_back(fmt::format(
          "etag `{}` is not an entity tag such as \"v1\" or W/\"v1\" (RFC 9110 8.8.3); ETag left "
          "out",
          *o.etag));
    }
  }
  return policy;
}

bool
policy_is_per_rule(const Config& config, std::size_t rule, const CacheOptions& overrides)
{
  if (!options_are_static(config, rule) ||
      std::any_of(overrides.tags.begin(), overrides.tags.end(), [](const std::string& tag) {
        return tag.find('{') != std::string::npos;
      })) {
    return false;
  }
  if (config.bypass.query != BypassRules::Query::never) {
    return false;
  }
  const CacheOptions merged = merge(merge(config.defaults, config.rules[rule].options), overrides);
  return !merged.bypass || merged.bypass->query == BypassRules::Query::never;
}

} // namespace cachectl
