// What every header-file export shares (see export_support.hpp).
#include "export_support.hpp"

#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::interop {

ExportDiagnostics::ExportDiagnostics(const Config& config, std::string_view platform, bool lossy)
    : m_config(config)
    , m_platform(platform)
    , m_lossy(lossy)
{
}

void
ExportDiagnostics::inexpressible(SourcePos begin,
                                 SourcePos end,
                                 std::string_view what,
                                 std::string_view differs)
{
  Diagnostic diagnostic;
  diagnostic.severity = m_lossy ? Severity::warning : Severity::error;
  diagnostic.code = m_lossy ? "export-lossy" : "export-inexpressible";
  diagnostic.message = fmt::format("{} cannot express {}; {} would get other headers than "
                                   "`cachectl headers` gives them",
                                   m_platform,
                                   what,
                                   differs);
  diagnostic.span = SourceSpan{m_config.file, begin, end.known() ? end : begin};
  m_diagnostics.push_back(std::move(diagnostic));
}

void
ExportDiagnostics::inexpressible(const Rule& rule, std::string_view what, std::string_view differs)
{
  inexpressible(rule.pos, rule.pos_end, what, differs);
}

namespace {

// Reports the bypass traits of `bypass`, written at `places` under `prefix` (`bypass.`).
void
check_bypass(const BypassRules& bypass,
             const std::map<std::string, KeyPlace>& places,
             std::string_view prefix,
             std::string_view scope,
             ExportDiagnostics& diagnostics)
{
  auto report = [&](std::string_view key, std::string_view requests) {
    const auto it = places.find(fmt::format("{}{}", prefix, key));
    const KeyPlace place = it == places.end() ? KeyPlace{} : it->second;
    diagnostics.inexpressible(place.key,
                              place.value_end,
                              fmt::format("{} bypass {}", scope, key),
                              fmt::format("requests {}", requests));
  };
  if (!bypass.cookies.empty()) {
    report("cookies", fmt::format("with a cookie `{}`", fmt::join(bypass.cookies, "`, `")));
  }
  if (!bypass.headers.empty()) {
    report("headers", fmt::format("with a header `{}`", fmt::join(bypass.headers, "`, `")));
  }
  if (bypass.query == BypassRules::Query::any) {
    report("query", "with a query string");
  } else if (bypass.query == BypassRules::Query::listed) {
    report("query",
           fmt::format("with a query parameter `{}`", fmt::join(bypass.query_params, "`, `")));
  }
}

// Reports the options of one layer ([defaults] or a rule) that depend on the request.
void
check_layer(const CacheOptions& options,
            const std::map<std::string, KeyPlace>& places,
            std::string_view scope,
            ExportDiagnostics& diagnostics)
{
  auto place = [&](std::string_view key) {
    const auto it = places.find(std::string(key));
    return it == places.end() ? KeyPlace{} : it->second;
  };
  if (options.bypass && !options.bypass->empty()) {
    check_bypass(*options.bypass, places, "bypass.", scope, diagnostics);
  }
  if (options.methods) {
    // A static host answers GET and HEAD alike; other methods never reach its header file.
    std::vector<std::string> missing;
    for (const char* method : {"GET", "HEAD"}) {
      if (std::ranges::find(*options.methods, method) == options.methods->end()) {
        missing.emplace_back(method);
      }
    }
    if (!missing.empty()) {
      const KeyPlace at = place("methods");
      diagnostics.inexpressible(
          at.key,
          at.value_end,
          fmt::format("{} methods = [{}]", scope, fmt::join(*options.methods, ", ")),
          fmt::format("{} requests", fmt::join(missing, " and ")));
    }
  }
  if (options.statuses) {
    const KeyPlace at = place("statuses");
    diagnostics.inexpressible(
        at.key,
        at.value_end,
        fmt::format("{} statuses (a header file applies to every status)", scope),
        "responses whose status is not listed");
  }
  if (options.negative_max_age) {
    const KeyPlace at = place("negative_max_age");
    diagnostics.inexpressible(at.key,
                              at.value_end,
                              fmt::format("{} negative_max_age (a header file applies to every "
                                          "status; the host answers 404s itself)",
                                          scope),
                              "4xx and 5xx responses");
  }
  if (options.status_max_age && !options.status_max_age->empty()) {
    for (const auto& [status, seconds] : *options.status_max_age) {
      const KeyPlace at = place("status." + status);
      diagnostics.inexpressible(at.key,
                                at.value_end,
                                fmt::format("{} status TTL {} = {} s (a header file applies to "
                                            "every status)",
                                            scope,
                                            status,
                                            seconds),
                                fmt::format("responses with status {}", status));
    }
  }
}

} // namespace

void
check_static_host(const Config& config, ExportDiagnostics& diagnostics)
{
  check_bypass(config.bypass, config.bypass_pos, "", "[bypass]", diagnostics);
  check_layer(config.defaults, config.defaults_pos, "[defaults]", diagnostics);
  for (const auto& rule : config.rules) {
    check_layer(rule.options,
                rule.key_pos,
                fmt::format("[routes.\"{}\"]", rule.pattern.source()),
                diagnostics);
  }
}

namespace {

// What every parameter sentinel starts with (letters only, so no tag syntax escapes it).
constexpr std::string_view sentinel_prefix = "CACHECTLPARAM";

} // namespace

std::string
param_sentinel(std::size_t index)
{
  return fmt::format("{}{}X", sentinel_prefix, index);
}

bool
holds_sentinel(std::string_view text)
{
  return text.find(sentinel_prefix) != std::string_view::npos;
}

std::string
without_sentinel_items(std::string_view list)
{
  std::string kept;
  std::size_t from = 0;
  while (from <= list.size()) {
    const std::size_t to = std::min(list.find(',', from), list.size());
    const std::string_view item = list.substr(from, to - from);
    if (!holds_sentinel(item)) {
      kept += kept.empty() ? "" : ",";
      kept += item;
    }
    from = to + 1;
  }
  return kept;
}

std::vector<Header>
rule_headers(const Config& config,
             std::size_t rule,
             const ProviderInfo& provider,
             const std::vector<std::string>& present)
{
  RuleMatch match;
  match.rule = rule;
  for (std::size_t i = 0; i < present.size(); ++i) {
    match.params.emplace_back(present[i], param_sentinel(i));
  }
  const Policy policy = decide_policy(config, match, Request{});
  return generate_headers(provider, policy, provider_settings(config, provider.name)).headers;
}

bool
tags_name(const Config& config, const Rule& rule, std::string_view param)
{
  const std::string braced = fmt::format("{{{}}}", param);
  auto names = [&](const std::string& tag) { return tag.find(braced) != std::string::npos; };
  const bool opted_out = rule.options.cache == false;
  return std::ranges::any_of(rule.options.tags, names) ||
         (!opted_out && std::ranges::any_of(config.defaults.tags, names));
}

bool
has_param_tags(const Config& config, const Rule& rule)
{
  return std::ranges::any_of(rule.pattern.param_names(), [&](const std::string& name) {
    return tags_name(config, rule, name);
  });
}

std::vector<Header>
static_rule_headers(const Config& config,
                    std::size_t index,
                    const ProviderInfo& provider,
                    ExportDiagnostics& diagnostics,
                    std::string_view what,
                    std::string_view differs)
{
  const Rule& rule = config.rules[index];
  const bool templated = has_param_tags(config, rule);
  if (templated) {
    diagnostics.inexpressible(rule, what, differs);
  }
  const std::vector<std::string> present =
      templated ? rule.pattern.param_names() : std::vector<std::string>{};
  std::vector<Header> out;
  for (auto& header : rule_headers(config, index, provider, present)) {
    if (templated && holds_sentinel(header.value)) {
      header.value = without_sentinel_items(header.value);
      if (header.value.empty()) {
        continue;
      }
    }
    out.push_back(std::move(header));
  }
  return out;
}

namespace {

// The body of `pattern`'s anchored regular expression (without `^` and `$`), every group made
// non-capturing unless `capturing`.
std::string
regex_body(const Pattern& pattern, TrailingSlash mode, bool capturing)
{
  std::string regex = pattern.regex(mode);
  regex = regex.substr(1, regex.size() - 2); // drop `^` and `$`
  if (capturing) {
    return regex;
  }
  std::string out;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    out += regex[i];
    if (regex[i] == '\\' && i + 1 < regex.size()) {
      out += regex[++i];
    } else if (regex[i] == '(' && (i + 1 >= regex.size() || regex[i + 1] != '?')) {
      out += "?:";
    }
  }
  return out;
}

// The base as a regular expression (its text escaped as a pattern's static text is).
std::string
base_regex(const Config& config)
{
  const auto base = Pattern::parse(config.base);
  return base ? regex_body(*base, TrailingSlash::never, false) : std::string();
}

} // namespace

std::string
full_path_regex(const Pattern& pattern, const Config& config, bool matches_root, bool capturing)
{
  const std::string body = regex_body(pattern, config.trailing_slash, capturing);
  if (config.base == "/") {
    return body;
  }
  return fmt::format("{}(?:(?=.){}{})", base_regex(config), body, matches_root ? "|" : "|(?!)");
}

bool
matches_root(const Pattern& pattern, const Config& config)
{
  const auto root = Pattern::parse("/");
  return PatternAutomaton::common_path(PatternAutomaton(pattern, config.trailing_slash),
                                       PatternAutomaton(*root, config.trailing_slash))
      .has_value();
}

std::string
base_redirect_lookahead(const Config& config)
{
  if (config.base != "/" && config.trailing_slash == TrailingSlash::never) {
    return fmt::format("(?!{}/$)", base_regex(config));
  }
  if (config.base != "/" && config.trailing_slash == TrailingSlash::always) {
    return fmt::format("(?!{}$)", base_regex(config));
  }
  return {};
}

} // namespace cachectl::interop
