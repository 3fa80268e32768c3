// `purge … --warm`: the targets a purge confirmed (an observer between the purger and the
// renderer), then the requests that fetch the purged URLs again where they were purged.
#pragma once

#include "cli.hpp"
#include "purge_options.hpp"
#include "purge_signals.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/live/purge_warm.hpp>
#include <cachectl/purge/purge.hpp>

#include <vector>

namespace cachectl::cli {

/// Passes every event on to `inner` and keeps the targets purged for good: those of successful
/// calls (with the node of a cache-node provider), less any target reported failed.
class PurgeWarmObserver final : public PurgeObserver {
public:
  /// An observer forwarding to `inner`, which outlives it.
  explicit PurgeWarmObserver(PurgeObserver& inner);

  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_request(const HttpRequest& request, const CallReport& call) override;
  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_call(const CallReport& call) override;
  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_retry(const CallReport& call, double delay, std::string_view reason) override;
  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_failed(const Target& target, std::string_view reason, std::string_view where) override;
  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_rejected(const SourceItem& item) override;
  /// PurgeObserver: see cachectl/purge/purge.hpp.
  void on_progress(const PurgeProgress& progress) override;

  /// The targets purged on every call that carried them, in the order their calls ended.
  std::vector<PurgedTarget> purged() const;

private:
  PurgeObserver& m_inner;
  std::vector<PurgedTarget> m_done;
  std::vector<Target> m_failed;
};

/// The usage error of `--warm` and its companions on `opts` (they need --warm, --warm-top and
/// --warm-log go together, no --dry-run; tags, prefixes, hosts, rules and everything need
/// --warm-from or --warm-log to say which URLs exist), or empty.
std::string warm_usage_error(const PurgeOptions& opts);

/// Warms what `purged` removed (see warm_jobs_after_purge) and reports it like `warm`; returns
/// its exit status (0 also when there was nothing to warm, said on stderr).
int warm_after_purge(const GlobalOptions& globals,
                     const PurgeOptions& opts,
                     const Config& config,
                     const std::vector<PurgedTarget>& purged,
                     const PurgeSignals& signals);

} // namespace cachectl::cli
