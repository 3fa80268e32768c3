#include "analysis/toml_text.hpp"
#include "util/edit_distance.hpp"
#include "util/text.hpp"

#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/config/config_keys.hpp>
#include <cachectl/headers/headers.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace cachectl {

namespace {

// How each option of the key table reads from CacheOptions. A key of the table that is missing
// here cannot be expected (a unit test fails until it is added).
using OptionReader = std::function<std::optional<std::string>(const CacheOptions&)>;

template <class T>
std::optional<std::string>
integer_of(const std::optional<T>& value)
{
  return value ? std::optional<std::string>(fmt::format("{}", *value)) : std::nullopt;
}

std::optional<std::string>
boolean_of(const std::optional<bool>& value)
{
  return value ? std::optional<std::string>(*value ? "true" : "false") : std::nullopt;
}

std::optional<std::string>
string_of(const std::optional<std::string>& value)
{
  return value ? std::optional<std::string>(toml_string(*value)) : std::nullopt;
}

const std::vector<std::pair<std::string_view, OptionReader>>&
option_readers()
{
  static const std::vector<std::pair<std::string_view, OptionReader>> readers = {
      {"max_age", [](const CacheOptions& o) { return integer_of(o.max_age); }},
      {"swr", [](const CacheOptions& o) { return integer_of(o.swr); }},
      {"stale_if_error", [](const CacheOptions& o) { return integer_of(o.stale_if_error); }},
      {"browser_max_age", [](const CacheOptions& o) { return integer_of(o.browser_max_age); }},
      {"browser_swr", [](const CacheOptions& o) { return integer_of(o.browser_swr); }},
      {"browser_stale_if_error",
       [](const CacheOptions& o) { return integer_of(o.browser_stale_if_error); }},
      {"browser_no_cache", [](const CacheOptions& o) { return boolean_of(o.browser_no_cache); }},
      {"public", [](const CacheOptions& o) { return boolean_of(o.public_); }},
      {"negative_max_age", [](const CacheOptions& o) { return integer_of(o.negative_max_age); }},
      {"immutable", [](const CacheOptions& o) { return boolean_of(o.immutable); }},
      {"must_revalidate", [](const CacheOptions& o) { return boolean_of(o.must_revalidate); }},
      {"private", [](const CacheOptions& o) { return boolean_of(o.private_); }},
      // Tags accumulate from every layer: always set, `[]` when there are none.
      {"tags", [](const CacheOptions& o) { return std::optional(toml_string_array(o.tags)); }},
      {"vary",
       [](const CacheOptions& o) -> std::optional<std::string> {
         return o.vary ? std::optional(toml_string_array(*o.vary)) : std::nullopt;
       }},
      {"methods",
       [](const CacheOptions& o) -> std::optional<std::string> {
         return o.methods ? std::optional(toml_string_array(*o.methods)) : std::nullopt;
       }},
      {"statuses",
       [](const CacheOptions& o) -> std::optional<std::string> {
         return o.statuses ? std::optional(toml_integer_array(*o.statuses)) : std::nullopt;
       }},
      {"last_modified", [](const CacheOptions& o) { return string_of(o.last_modified); }},
      {"etag", [](const CacheOptions& o) { return string_of(o.etag); }},
  };
  return readers;
}

// The rule of `config` whose pattern is closest to `pattern`; empty when none is close.
std::string
closest_rule(const Config& config, std::string_view pattern)
{
  std::string best;
  std::size_t best_distance = 4;
  for (const Rule& rule : config.rules) {
    const std::size_t d = edit_distance(pattern, rule.pattern.source(), 3);
    if (d < best_distance) {
      best = rule.pattern.source();
      best_distance = d;
    }
  }
  return best;
}

} // namespace

std::optional<std::string>
option_value(const CacheOptions& options, std::string_view key)
{
  for (const auto& [name, reader] : option_readers()) {
    if (name == key) {
      return reader(options);
    }
  }
  return std::nullopt;
}

std::string
default_provider(const Config& config, const ExpectationFile& file, const TestCase& c)
{
  if (!c.provider.empty()) {
    return c.provider;
  }
  if (!file.provider.empty()) {
    return file.provider;
  }
  const ProviderInfo* site = find_provider(config.provider);
  return site != nullptr && site->headers.available ? config.provider : std::string("generic");
}

CaseAnswer::CaseAnswer(const Config& config,
                       const RuleMatcher& matcher,
                       const TestCase& c,
                       std::string default_provider)
    : m_config(config)
    , m_resolution(resolve(config, matcher, c.url))
    , m_provider(std::move(default_provider))
{
  if (m_resolution.match) {
    Request request;
    request.method = c.method;
    request.status = c.status;
    request.headers = c.request_headers;
    request.query = m_resolution.url.query;
    request.has_query = m_resolution.url.has_query;
    m_policy = decide_policy(config, *m_resolution.match, request);
  }
}

std::string
CaseAnswer::rule() const
{
  return m_resolution.match ? toml_string(m_config.rules[m_resolution.match->rule].pattern.source())
                            : "false";
}

std::string
CaseAnswer::params() const
{
  std::vector<std::pair<std::string, std::string>> entries;
  if (m_resolution.match) {
    for (const auto& [name, value] : m_resolution.match->params) {
      entries.emplace_back(name, toml_string(value));
    }
  }
  return toml_inline_table(std::move(entries));
}

std::string
CaseAnswer::cache() const
{
  return m_policy && m_policy->cacheable ? "true" : "false";
}

std::vector<std::pair<std::string, std::string>>
CaseAnswer::options() const
{
  std::vector<std::pair<std::string, std::string>> out;
  if (!m_policy) {
    return out;
  }
  for (const KeySpec& spec : config_keys()) {
    if (spec.scope != KeyScope::options) {
      continue;
    }
    if (auto value = option_value(m_policy->options, spec.name)) {
      out.emplace_back(std::string(spec.name), std::move(*value));
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>>
CaseAnswer::headers(std::string_view provider_name) const
{
  std::vector<std::pair<std::string, std::vector<std::string>>> lines;
  const ProviderInfo* provider = find_provider(provider_name);
  if (m_policy && provider != nullptr && provider->headers.available) {
    const HeaderSet set =
        generate_headers(*provider, *m_policy, provider_settings(m_config, provider->name));
    for (const Header& header : set.headers) {
      const auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& entry) {
        return ascii_lower(entry.first) == ascii_lower(header.name);
      });
      if (it == lines.end()) {
        lines.emplace_back(header.name, std::vector<std::string>{header.value});
      } else {
        it->second.push_back(header.value);
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [name, values] : lines) {
    out.emplace_back(name,
                     values.size() == 1 ? toml_string(values.front()) : toml_string_array(values));
  }
  return out;
}

std::optional<std::string>
CaseAnswer::get(const Expectation& e) const
{
  switch (e.kind) {
  case Expectation::Kind::rule:
    return rule();
  case Expectation::Kind::params:
    return params();
  case Expectation::Kind::cache:
    return cache();
  case Expectation::Kind::option:
    return m_policy ? option_value(m_policy->options, e.key) : std::nullopt;
  case Expectation::Kind::header:
    break;
  }
  for (const auto& [name, value] : headers(e.provider.empty() ? m_provider : e.provider)) {
    if (ascii_lower(name) == ascii_lower(e.key)) {
      return value;
    }
  }
  return "false";
}

std::vector<CaseResult>
run_expectations(const Config& config, const ExpectationFile& file)
{
  const ReferenceMatcher matcher(config);
  std::vector<CaseResult> results;
  for (std::size_t i = 0; i < file.cases.size(); ++i) {
    const TestCase& c = file.cases[i];
    CaseResult result;
    result.index = i;
    result.provider = default_provider(config, file, c);
    const CaseAnswer answer(config, matcher, c, result.provider);
    const Resolution& r = answer.resolution();
    result.kind = r.kind;
    if (r.match) {
      result.rule = r.match->rule;
      for (const RuleMatch& m : matcher.match_all(r.path)) {
        if (m.rule != r.match->rule) {
          result.losers.push_back(m.rule);
        }
      }
    }
    for (std::size_t e = 0; e < c.expectations.size(); ++e) {
      const Expectation& expectation = c.expectations[e];
      std::optional<std::string> actual = answer.get(expectation);
      if (actual == expectation.expected) {
        continue;
      }
      Mismatch mismatch{e, std::move(actual), {}};
      if (expectation.kind == Expectation::Kind::rule && expectation.expected != "false") {
        const toml::table parsed = toml::parse("x = " + expectation.expected);
        const std::string pattern(parsed["x"].value_or(std::string_view{}));
        const bool exists =
            std::any_of(config.rules.begin(), config.rules.end(), [&](const Rule& candidate) {
              return candidate.pattern.source() == pattern;
            });
        if (!exists) {
          const std::string near = closest_rule(config, pattern);
          mismatch.note =
              fmt::format("{} has no rule `{}`{}",
                          config.file,
                          pattern,
                          near.empty() ? "" : fmt::format("; did you mean `{}`?", near));
        }
      }
      result.mismatches.push_back(std::move(mismatch));
    }
    results.push_back(std::move(result));
  }
  return results;
}

} // namespace cachectl
