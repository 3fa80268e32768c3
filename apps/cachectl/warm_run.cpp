// The requests of `warm` (and `purge --warm`): each URL fetched to fill the caches, its cache
// status before (the warming request) and after (a second request), a summary and a progress
// line on a TTY.
#include "warm_run.hpp"

#include "render.hpp"

#include <cachectl/live/cache_status.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <csignal>

namespace cachectl::cli {

namespace {

// Totals of a warm run.
struct WarmTotals {
  std::size_t warmed = 0;   ///< answered with a status below 400
  std::size_t failed = 0;   ///< no answer, or 4xx/5xx
  std::size_t cached = 0;   ///< served from cache on the verifying request
  std::size_t answered = 0; ///< any response
  std::size_t done = 0;
};

} // namespace

int
run_warm_jobs(const GlobalOptions& globals,
              std::string_view command,
              const std::string& format,
              bool verify,
              Prober& prober,
              const PurgeSignals& signals,
              const std::vector<ProbeJob>& jobs)
{
  const Terminal err(stderr, globals.color);
  const Terminal out(stdout, globals.color);
  const bool progress = !globals.quiet && isatty(STDERR_FILENO) != 0 && jobs.size() > 1;
  WarmTotals totals;
  const auto start = std::chrono::steady_clock::now();
  const bool finished = prober.run(jobs, [&](std::size_t index, std::vector<ProbeResponse> rs) {
    ++totals.done;
    const ProbeResponse& first = rs.front();
    const bool ok = first.status != 0 && first.status < 400;
    totals.answered += first.status != 0 ? 1U : 0U;
    const CacheStatus before = cache_status_of(first.headers);
    const std::optional<CacheStatus> after = rs.size() > 1 && rs[1].status != 0
                                                 ? std::optional(cache_status_of(rs[1].headers))
                                                 : std::nullopt;
    ok ? ++totals.warmed : ++totals.failed;
    if (after && served_from_cache(after->state)) {
      ++totals.cached;
    }
    if (progress) {
      err.write("\r\033[K");
    }
    const std::string url = redacted_input(jobs[index].url);
    if (format == "json") {
      Json j{{"url", url},
             {"status", first.status},
             {"ok", ok},
             {"before", to_string(before.state)},
             {"after", after ? Json(to_string(after->state)) : Json(nullptr)},
             {"source", before.source},
             {"seconds", first.seconds}};
      if (!jobs[index].host.empty()) {
        j["host"] = jobs[index].host;
      }
      if (!first.error.empty()) {
        j["error"] = first.error;
      }
      out.write(j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
    } else if (!ok || !globals.quiet) {
      out.write(fmt::format(
          "{} {}{} {}{}\n",
          ok ? out.paint(Style::green, "warmed") : out.paint(Style::red, "FAILED"),
          printable(url),
          jobs[index].host.empty() ? "" : fmt::format(" (Host {})", printable(jobs[index].host)),
          first.status == 0 ? printable(first.error) : fmt::format("{}", first.status),
          first.status == 0 ? ""
                            : fmt::format("  cache {}{}",
                                          to_string(before.state),
                                          after ? fmt::format(" → {}", to_string(after->state))
                                                : std::string())));
    }
    out.flush();
    if (progress) {
      err.write(fmt::format("{}: {}/{} URLs", command, totals.done, jobs.size()));
    }
  });
  if (progress) {
    err.write("\r\033[K");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (format == "json") {
    out.write(Json{{"summary",
                    {{"urls", jobs.size()},
                     {"done", totals.done},
                     {"warmed", totals.warmed},
                     {"failed", totals.failed},
                     {"cached_after", !verify ? Json(nullptr) : Json(totals.cached)},
                     {"interrupted", !finished},
                     {"seconds", seconds}}}}
                  .dump() +
              "\n");
  } else {
    out.write(fmt::format("{}: {} of {} URLs requested, {} warmed, {} failed{} ({:.1f} s){}\n",
                          command,
                          totals.done,
                          jobs.size(),
                          totals.warmed,
                          totals.failed,
                          !verify ? "" : fmt::format(", {} served from cache after", totals.cached),
                          seconds,
                          finished ? "" : "; interrupted: the rest were not requested"));
  }
  if (!finished && signals.signal() != 0) {
    err.write(fmt::format("{}: interrupted by {}: {} of {} URLs were requested; nothing more "
                          "was sent\n",
                          command,
                          signals.signal() == SIGINT ? "SIGINT" : "SIGTERM",
                          totals.done,
                          jobs.size()));
    return 128 + signals.signal();
  }
  if (totals.answered == 0) {
    return exit_remote;
  }
  return totals.failed > 0 ? exit_findings : exit_ok;
}

} // namespace cachectl::cli
