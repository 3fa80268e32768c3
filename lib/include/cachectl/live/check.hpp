// `check`: each URL requested from the live site and its response compared with what the config
// says for that URL, its response status and the provider: exactly at the origin, or at the edge
// what browsers see plus the cache's behaviour (a cacheable route HITs on a second request, an
// opted-out one never HITs, Age stays within TTL + swr, deception spellings of a private page
// are never served from cache).
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/live/cache_status.hpp>
#include <cachectl/live/header_compare.hpp>
#include <cachectl/live/probe.hpp>
#include <cachectl/match/matcher.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// Where the responses are observed.
enum class CheckMode {
  edge,   ///< through the CDN: browser-visible headers and cache behaviour
  origin, ///< at the origin: every header `headers` writes, exactly
};

/// What `check` compares against.
struct CheckSettings {
  CheckMode mode = CheckMode::edge;
  const ProviderInfo* provider = nullptr; ///< whose headers are expected (not null)
  bool deception = true;                  ///< edge: probe the deception spellings of opt-out pages
  std::string method = "GET";             ///< the method requests are sent with (GET, HEAD)
};

/// The kinds of finding, as JSON output spells them.
enum class FindingKind {
  unreachable,   ///< no response (connection refused, timeout, TLS)
  unmatched,     ///< no rule of the config covers the URL
  header,        ///< a header is not as configured (see `diff`)
  hit_expected,  ///< a cacheable route did not HIT on its second request
  hit_forbidden, ///< an opted-out or bypassed route was served from cache
  age,           ///< Age beyond the CDN TTL + swr
  deception,     ///< a deception spelling of an opted-out page was served from cache
};

/// The snake_case name of a kind (`hit_expected`).
std::string_view to_string(FindingKind kind);

/// One way a response differs from the config.
struct Finding {
  FindingKind kind = FindingKind::header;
  std::string message;            ///< one line, e.g. "second request was MISS (x-cache: MISS)"
  std::optional<HeaderDiff> diff; ///< for `header`
};

/// The outcome of one URL.
struct UrlCheck {
  std::string url;                   ///< as requested
  std::string path;                  ///< the path the rules were tested on; empty if none
  std::optional<std::size_t> rule;   ///< index of the winning rule in config.rules
  int status = 0;                    ///< of the first response; 0 when none
  bool answered = false;             ///< a response arrived
  bool cacheable = false;            ///< what the config says for this URL and status
  std::optional<CacheStatus> first;  ///< cache status of the first response
  std::optional<CacheStatus> second; ///< of the second (edge, cacheable or not)
  std::vector<Finding> findings;     ///< empty: as configured
  std::vector<std::string> notes;    ///< what could not be checked and why
};

/// Checks URLs of one site against one config.
class Checker {
public:
  /// A checker of `config` (whose rules `matcher` matches) with `settings`; both outlive it.
  Checker(const Config& config, const RuleMatcher& matcher, const CheckSettings& settings);

  /// The requests `url` needs: itself (twice at the edge) and, at the edge for a page the config
  /// opts out, each deception spelling (twice).
  std::vector<ProbeJob> plan(const std::string& url) const;

  /// The outcome of `url` from the responses to the jobs plan(url) gave, in the same order
  /// (a job's vector may be short when a request got no answer).
  UrlCheck evaluate(const std::string& url,
                    const std::vector<std::vector<ProbeResponse>>& responses) const;

private:
  const Config& m_config;
  const RuleMatcher& m_matcher;
  CheckSettings m_settings;
};

/// Totals of a check run.
struct CheckSummary {
  std::size_t urls = 0;    ///< URLs given
  std::size_t checked = 0; ///< URLs whose requests all completed
  std::size_t as_configured = 0;
  std::size_t drifted = 0;     ///< with at least one finding other than unreachable
  std::size_t unreachable = 0; ///< no response at all
  std::size_t requests = 0;    ///< requests answered or failed, for the checked URLs
  bool interrupted = false;    ///< stopped by a signal before every URL was checked
  double seconds = 0;
};

/// Checks every URL of `urls` with `prober`, calling `each` as each URL completes (in completion
/// order). URLs prober refuses (probe_refusal) are reported unreachable without a request.
CheckSummary run_check(const Checker& checker,
                       Prober& prober,
                       const std::vector<std::string>& urls,
                       const std::function<void(const UrlCheck&)>& each);

} // namespace cachectl
