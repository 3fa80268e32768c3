// `cachectl test`: running the cases of an expectation file through the matcher, the policy and
// the header writer (no network), and what each case got where it differs from what it expects.
#pragma once

#include <cachectl/analysis/expectations.hpp>
#include <cachectl/config/config.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// One expectation a case did not meet.
struct Mismatch {
  std::size_t expectation = 0; ///< index into TestCase::expectations
  /// What the case got, as canonical inline TOML; nullopt when the option is not set at all.
  std::optional<std::string> actual;
  std::string note; ///< more about it, e.g. "no rule `/blgo` in the config; did you mean …?"
};

/// The outcome of one case.
struct CaseResult {
  std::size_t index = 0; ///< into ExpectationFile::cases
  Resolution::Kind kind = Resolution::Kind::unmatched;
  std::optional<std::size_t> rule; ///< the winning rule (index into Config::rules)
  std::vector<std::size_t> losers; ///< other rules that match, in priority order
  std::string provider;            ///< the case's default header provider
  std::vector<Mismatch> mismatches;

  /// True when every expectation was met.
  bool
  passed() const
  {
    return mismatches.empty();
  }
};

/// Everything a request gets, as canonical inline TOML per expectation key, for --generate and
/// for reading one answer at a time.
class CaseAnswer {
public:
  /// Resolves `c` against `config` with `matcher`; `default_provider` is used for headers named
  /// without a provider (the case's, else the file's, else [site] provider, else generic).
  CaseAnswer(const Config& config,
             const RuleMatcher& matcher,
             const TestCase& c,
             std::string default_provider);

  /// The answer to one expectation; nullopt when an option is not set.
  std::optional<std::string> get(const Expectation& expectation) const;
  /// The winning rule's pattern, or `false`.
  std::string rule() const;
  /// The captured params as an inline table.
  std::string params() const;
  /// The policy decision as `true` or `false`.
  std::string cache() const;
  /// Every option that is set, in key-table order, as (key, value) pairs.
  std::vector<std::pair<std::string, std::string>> options() const;
  /// The headers of `provider` in the order they are sent, one entry per name (repeated lines
  /// as an array of strings).
  std::vector<std::pair<std::string, std::string>> headers(std::string_view provider) const;
  /// The resolution of the URL.
  const Resolution&
  resolution() const
  {
    return m_resolution;
  }
  /// The provider headers named without one are rendered for.
  const std::string&
  default_provider() const
  {
    return m_provider;
  }

private:
  const Config& m_config;
  Resolution m_resolution;
  std::optional<Policy> m_policy;
  std::string m_provider;
};

/// The value of option `key` of the key table in `options` as canonical inline TOML; nullopt
/// when it is not set, or when `key` is not an option this build can compare.
std::optional<std::string> option_value(const CacheOptions& options, std::string_view key);

/// The provider for headers named without one: the case's, the file's, [site] provider (when it
/// has a header profile), else generic.
std::string default_provider(const Config& config, const ExpectationFile& file, const TestCase& c);

/// Runs every case of `file` against `config`.
std::vector<CaseResult> run_expectations(const Config& config, const ExpectationFile& file);

} // namespace cachectl
