// The reference matcher: rules in priority order, the first whose pattern matches wins.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/config/options.hpp>
#include <cachectl/pattern/url.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// A captured parameter; an empty rest parameter is absent rather than empty.
using Param = std::pair<std::string, std::string>;

/// One rule that matches a path.
struct RuleMatch {
  std::size_t rule = 0; ///< index into Config::rules
  std::vector<Param> params;
};

/// Finds the rule of a config that serves a path. Implementations must agree exactly.
class RuleMatcher {
public:
  virtual ~RuleMatcher() = default;
  /// The winning rule for a base-relative, normalized path; nullopt when none matches.
  virtual std::optional<RuleMatch> match(std::string_view path) const = 0;
  /// Like match(), into `out`, reusing its storage where the implementation can; false when
  /// no rule matches (`out` is then unspecified).
  virtual bool match_into(std::string_view path, RuleMatch& out) const;
  /// Every matching rule, winner first, in priority order.
  virtual std::vector<RuleMatch> match_all(std::string_view path) const = 0;
};

/// Linear scan of regexes in priority order (what Astro does). Obviously right, not fast.
class ReferenceMatcher final : public RuleMatcher {
public:
  /// Sorts the rules of `config` by priority and compiles one regex per rule.
  explicit ReferenceMatcher(const Config& config);
  ~ReferenceMatcher() override;
  ReferenceMatcher(ReferenceMatcher&&) noexcept;
  ReferenceMatcher& operator=(ReferenceMatcher&&) noexcept;

  std::optional<RuleMatch> match(std::string_view path) const override;
  std::vector<RuleMatch> match_all(std::string_view path) const override;
  /// Rule indices in priority order.
  const std::vector<std::size_t>& order() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// What became of one request URL.
struct Resolution {
  enum class Kind {
    matched,      ///< `match` holds the winning rule
    unmatched,    ///< no rule matches the path
    outside_base, ///< the path is not under `[site] base`
    redirect,     ///< Astro would answer 301 to `location` before any rule applies
    invalid,      ///< the input is not a usable URL (`error`)
  };
  Kind kind = Kind::unmatched;
  NormalizedUrl url;
  std::string path;     ///< base-relative path the rules were tested on
  std::string location; ///< for `redirect`
  UrlError error;       ///< for `invalid`
  std::optional<RuleMatch> match;
};

/// Normalizes `input`, applies the base and finds the winning rule.
Resolution resolve(const Config& config, const RuleMatcher& matcher, std::string_view input);

/// `resolve` into `out`, reusing the capacity of its strings and params: with the compiled
/// matcher, an already-normal path that matches allocates nothing once `out` has grown.
void resolve_into(const Config& config,
                  const RuleMatcher& matcher,
                  std::string_view input,
                  Resolution& out);

/// The options a matched rule yields: [defaults] under the rule (unless it opts out), with tag
/// templates expanded from the params.
CacheOptions effective_options(const Config& config, const RuleMatch& match);

/// True when effective_options() gives every URL that rule `rule` matches the same options: no
/// tag of [defaults] or of the rule holds a `{param}` template to fill in.
bool options_are_static(const Config& config, std::size_t rule);

} // namespace cachectl
