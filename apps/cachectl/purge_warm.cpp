#include "purge_warm.hpp"

#include "live_options.hpp"
#include "live_sources.hpp"
#include "render.hpp"
#include "warm_run.hpp"

#include <cachectl/match/compiled_matcher.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::cli {

PurgeWarmObserver::PurgeWarmObserver(PurgeObserver& inner)
    : m_inner(inner)
{
}

void
PurgeWarmObserver::on_request(const HttpRequest& request, const CallReport& call)
{
  m_inner.on_request(request, call);
}

void
PurgeWarmObserver::on_call(const CallReport& call)
{
  if (call.ok) {
    for (const std::string& item : call.targets) {
      m_done.push_back({Target{call.kind, item}, call.node});
    }
  }
  m_inner.on_call(call);
}

void
PurgeWarmObserver::on_retry(const CallReport& call, double delay, std::string_view reason)
{
  m_inner.on_retry(call, delay, reason);
}

void
PurgeWarmObserver::on_failed(const Target& target, std::string_view reason, std::string_view where)
{
  m_failed.push_back(target);
  m_inner.on_failed(target, reason, where);
}

void
PurgeWarmObserver::on_rejected(const SourceItem& item)
{
  m_inner.on_rejected(item);
}

void
PurgeWarmObserver::on_progress(const PurgeProgress& progress)
{
  m_inner.on_progress(progress);
}

std::vector<PurgedTarget>
PurgeWarmObserver::purged() const
{
  std::vector<PurgedTarget> out;
  for (const PurgedTarget& p : m_done) {
    if (std::find(m_failed.begin(), m_failed.end(), p.target) == m_failed.end() &&
        std::find(out.begin(), out.end(), p) == out.end()) {
      out.push_back(p);
    }
  }
  return out;
}

std::string
warm_usage_error(const PurgeOptions& opts)
{
  const bool companions = !opts.warm_from.empty() || !opts.warm_log.empty() || opts.warm_top > 0;
  if (!opts.warm) {
    return companions ? "purge: --warm-from, --warm-log and --warm-top go with --warm" : "";
  }
  if ((opts.warm_top > 0) != !opts.warm_log.empty()) {
    return "purge: --warm-top N and --warm-log FILE go together";
  }
  if (opts.dry_run) {
    return "purge: --warm has nothing to warm in a --dry-run (nothing is purged)";
  }
  const bool names_no_url = !opts.tags.empty() || !opts.prefixes.empty() || !opts.hosts.empty() ||
                            !opts.rules.empty() || opts.everything;
  if (names_no_url && opts.warm_from.empty() && opts.warm_log.empty()) {
    return "purge: --warm of a --tag, --prefix, --host, --rule or --everything needs "
           "--warm-from FILE or --warm-log FILE --warm-top N to say which URLs exist";
  }
  return "";
}

int
warm_after_purge(const GlobalOptions& globals,
                 const PurgeOptions& opts,
                 const Config& config,
                 const std::vector<PurgedTarget>& purged,
                 const PurgeSignals& signals)
{
  const Terminal err(stderr, globals.color);
  LiveOptions live;
  live.from = opts.warm_from;
  live.log = opts.warm_log;
  live.top = opts.warm_top;
  live.format = opts.format;
  Prober prober(ProbeSettings{.concurrency = live.concurrency,
                              .rate = live.rate,
                              .timeout = live.timeout,
                              .connect_timeout = std::min(live.timeout, 5.0),
                              .head = false,
                              .follow = false},
                signals.cancel());
  std::vector<std::string> candidates;
  if (!live.from.empty() || live.top > 0) {
    auto urls = collect_live_urls("purge --warm", live, config, prober, err);
    if (!urls) {
      print_error(err, printable(urls.error().message));
      return signals.signal() != 0 ? 128 + signals.signal() : urls.error().status;
    }
    candidates = std::move(urls->urls);
  }
  const CompiledMatcher matcher(config);
  const std::vector<ProbeJob> jobs = warm_jobs_after_purge(config, matcher, purged, candidates, 2);
  if (jobs.empty()) {
    if (!globals.quiet) {
      err.write(fmt::format("purge --warm: nothing to warm: {}\n",
                            purged.empty() ? "no target was purged"
                            : candidates.empty()
                                ? "the purged targets name no URL (give --warm-from FILE or "
                                  "--warm-log FILE --warm-top N)"
                                : "no URL of --warm-from/--warm-log is covered by what was "
                                  "purged"));
    }
    return exit_ok;
  }
  return run_warm_jobs(globals, "purge --warm", opts.format, true, prober, signals, jobs);
}

} // namespace cachectl::cli
