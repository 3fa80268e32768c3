// The validator behind validate(): one class whose checks are defined in the files named after
// what they check (pattern_checks.cpp, rule_set_checks.cpp, option_checks.cpp, tag_checks.cpp,
// provider_checks.cpp); validator.cpp holds the core.
#pragma once

#include "analysis/segment_trie.hpp"

#include <cachectl/analysis/validate.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// Runs every check of validate() over one loaded config.
class Validator {
public:
  Validator(const LoadedConfig& loaded, const ValidateOptions& options);

  // Runs every check; returns all diagnostics sorted by position.
  std::vector<Diagnostic> run();

private:
  // Records a diagnostic with the catalogue severity of `code`, once per code and span.
  void add(std::string_view code,
           SourceSpan span,
           std::string message,
           std::vector<RelatedSpan> related = {},
           std::string suggestion = {});

  SourceSpan span(SourcePos begin, SourcePos end) const;

  SourceSpan rule_span(const Rule& rule) const;

  // The key `name` of `rule`, else of [defaults], else the rule's pattern.
  SourceSpan option_span(const Rule* rule, std::string_view name, bool value = false) const;

  // A base-relative path as the URL path a client requests.
  std::string request_path(const std::string& relative) const;

  const PatternAutomaton& automaton(std::size_t index);
  // The rule that wins `path`, from a matcher compiled on first use.
  std::optional<std::size_t> winner(std::string_view path);

  // Pattern checks that need only the pattern itself.
  void check_patterns();

  // Route syntax of other tools in the pattern of `rule` (errors with the Astro translation);
  // true when there was some.
  bool check_foreign_syntax(const Rule& rule);

  // Options of `rule` (merged over [defaults]) that a checked provider's header profile drops.
  void check_dropped_options(const Rule& rule, const CacheOptions& effective);

  // Patterns that the trailing-slash mode serves differently from how they are written.
  void check_trailing_slash(const Rule& rule);

  std::size_t index_of(const Rule& rule) const;

  // Duplicates, shadowed rules and ties decided only by the alphabetical tie-break.
  void check_rule_set();

  // True when `options` keep a response out of shared caches.
  static bool opts_out(const CacheOptions& options);

  // Opt-out pages reachable by spellings that origins often serve as the same page while a
  // cacheable rule wins them here (web cache deception).
  void check_cache_deception();

  // Notes when `/` or some other URL matches no rule.
  void check_coverage();

  // Checks the tags and Vary of [defaults] once (option semantics are checked per rule, on the
  // effective options, and reported at [defaults] when they come from there).
  void check_defaults();

  void check_rule_options(const Rule& rule);

  // Option combinations that do not do what they seem to.
  void check_semantics(const Rule* rule, const CacheOptions& o);

  // Tag characters and limits: space and comma are refused everywhere (portability), the rest
  // per checked provider. `own` are the tags written in this table, `all` the effective ones.
  void check_tag_syntax(const Rule* rule,
                        const std::vector<std::string>& own,
                        const std::vector<std::string>& all);

  // Vary values a checked provider ignores or refuses.
  void check_vary(const Rule* rule, const std::vector<std::string>& vary);

  // Empty or invalid cookie, header and query parameter names.
  void check_bypass(const BypassRules& bypass,
                    const std::map<std::string, KeyPlace>& places,
                    std::string_view prefix);

  // Required settings, id shapes, token_env names and literal secrets of [providers.*].
  void check_providers();

  // Marks the warnings and notes an `allow` (a rule's key, a `# cachectl: allow(…)` comment,
  // [lint] allow) names as suppressed; reports unknown codes, errors named (they cannot be
  // suppressed) and allows that suppress nothing. Runs after every other check.
  void apply_allows();

  const Config& m_config;
  std::string_view m_text; ///< the config's source, for `# cachectl: allow(…)` comments
  std::vector<Diagnostic> m_diagnostics;
  std::vector<const ProviderInfo*> m_providers;
  std::vector<std::size_t> m_rank;
  std::vector<std::unique_ptr<PatternAutomaton>> m_automata; ///< by rule, built on first use
  std::unique_ptr<CompiledMatcher> m_matcher;                ///< built by winner() on first use
  std::set<std::string> m_reported;
};

} // namespace cachectl
