// `purge … --warm`: which URLs a confirmed purge removed, and the requests that fetch them again
// where they were purged (each cache node with the URL's host, or the URL itself through a CDN).
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/live/probe.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/purge/purge_target.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// A target a purge confirmed, and the cache node it was purged on (empty: a provider's API).
struct PurgedTarget {
  Target target;
  std::string node; ///< e.g. `http://127.0.0.1:6081`; empty for an API

  friend bool operator==(const PurgedTarget&, const PurgedTarget&) = default;
};

/// True when purging `target` removes the absolute http(s) URL `url`: the same URL, a URL under
/// the prefix or on the host (scheme and host case ignored, as cache nodes key on host and
/// path), every URL for `everything`, and for a tag a URL whose rule in `config` gives it that
/// tag (as the config writes it, `{param}` expanded from the URL).
bool purge_covers(const Config& config,
                  const RuleMatcher& matcher,
                  const Target& target,
                  std::string_view url);

/// The requests that warm what `purged` removed, `times` each: every purged URL, and every URL
/// of `candidates` (absolute) that a purged tag, prefix, host or `everything` covers. For a
/// target purged on a cache node the request goes to that node (its scheme, host and port, the
/// URL's path and query) with the URL's host as `Host`; else to the URL. Each request once, in
/// the order of `purged`, then of `candidates`.
std::vector<ProbeJob> warm_jobs_after_purge(const Config& config,
                                            const RuleMatcher& matcher,
                                            const std::vector<PurgedTarget>& purged,
                                            const std::vector<std::string>& candidates,
                                            unsigned times);

} // namespace cachectl
