// The validator's core: collecting diagnostics, spans, and the order the checks run in.
#include "analysis/validator.hpp"

#include "analysis/tag_text.hpp"
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

Validator::Validator(const LoadedConfig& loaded, const ValidateOptions& options)
    : m_config(loaded.config)
    , m_text(loaded.text)
    , m_diagnostics(loaded.diagnostics)
{
  auto wanted = options.providers;
  if (!m_config.provider.empty()) {
    wanted.insert(wanted.begin(), m_config.provider);
  }
  if (std::find(wanted.begin(), wanted.end(), "all") != wanted.end()) {
    for (const ProviderInfo* info : providers()) { // `--provider all`, as in `headers`
      wanted.emplace_back(info->name);
    }
  }
  for (const auto& name : wanted) {
    const ProviderInfo* info = find_provider(name);
    if (info != nullptr &&
        std::find(m_providers.begin(), m_providers.end(), info) == m_providers.end()) {
      m_providers.push_back(info);
    }
  }
}

// Runs every check; returns all diagnostics sorted by position.
std::vector<Diagnostic>
Validator::run()
{
  check_patterns();
  check_rule_set();
  check_coverage();
  check_cache_deception();
  check_defaults();
  for (std::size_t i = 0; i < m_config.rules.size(); ++i) {
    check_rule_options(m_config.rules[i]);
  }
  check_bypass(m_config.bypass, m_config.bypass_pos, "");
  for (const Rule& rule : m_config.rules) {
    if (rule.options.bypass) {
      check_bypass(*rule.options.bypass, rule.key_pos, "bypass.");
    }
  }
  check_providers();
  apply_allows();
  std::stable_sort(
      m_diagnostics.begin(), m_diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        const auto& pa = a.span.begin;
        const auto& pb = b.span.begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
      });
  return std::move(m_diagnostics);
}

// Records a diagnostic with the catalogue severity of `code`, once per code and span.
void
Validator::add(std::string_view code,
               SourceSpan span,
               std::string message,
               std::vector<RelatedSpan> related,
               std::string suggestion)
{
  const DiagnosticCode* entry = find_diagnostic_code(code);
  const Severity severity = entry != nullptr ? entry->severity : Severity::error;
  const std::string key =
      fmt::format("{}@{}:{}:{}", code, span.begin.line, span.begin.column, message);
  if (!m_reported.insert(key).second) {
    return;
  }
  m_diagnostics.push_back(Diagnostic{severity,
                                     std::string(code),
                                     std::move(message),
                                     std::move(span),
                                     std::move(related),
                                     std::move(suggestion)});
}

SourceSpan
Validator::span(SourcePos begin, SourcePos end) const
{
  return SourceSpan{m_config.file, begin, end};
}

SourceSpan
Validator::rule_span(const Rule& rule) const
{
  return span(rule.pos, rule.pos_end);
}

// The key `name` of `rule`, else of [defaults], else the rule's pattern.
SourceSpan
Validator::option_span(const Rule* rule, std::string_view name, bool value) const
{
  const std::string key(name);
  const KeyPlace* place = nullptr;
  if (rule != nullptr && rule->key_pos.contains(key)) {
    place = &rule->key_pos.at(key);
  } else if (m_config.defaults_pos.contains(key)) {
    place = &m_config.defaults_pos.at(key);
  }
  if (place == nullptr) {
    return rule != nullptr ? rule_span(*rule) : span({}, {});
  }
  return value ? span(place->value, place->value_end) : span(place->key, place->key_end);
}

// A base-relative path as the URL path a client requests.
std::string
Validator::request_path(const std::string& relative) const
{
  if (m_config.base == "/") {
    return relative;
  }
  std::string base = m_config.base;
  if (base.ends_with('/')) {
    base.pop_back();
  }
  if (relative == "/") {
    return m_config.trailing_slash == TrailingSlash::never ? base : base + "/";
  }
  return base + relative;
}

const PatternAutomaton&
Validator::automaton(std::size_t index)
{
  if (m_automata.size() <= index) {
    m_automata.resize(m_config.rules.size());
  }
  auto& slot = m_automata[index];
  if (!slot) {
    slot =
        std::make_unique<PatternAutomaton>(m_config.rules[index].pattern, m_config.trailing_slash);
  }
  return *slot;
}

std::optional<std::size_t>
Validator::winner(std::string_view path)
{
  if (!m_matcher) {
    m_matcher = std::make_unique<CompiledMatcher>(m_config);
  }
  return m_matcher->match_rule(path);
}

std::size_t
Validator::index_of(const Rule& rule) const
{
  return static_cast<std::size_t>(&rule - m_config.rules.data());
}

std::vector<Diagnostic>
validate(const LoadedConfig& loaded, const ValidateOptions& options)
{
  return Validator(loaded, options).run();
}

} // namespace cachectl
