// `cachectl warm`: request URLs to fill the caches after a deploy or a purge, paced and bounded
// like purge, reporting each URL's cache status before (the warming request) and after (a
// second request, unless --no-verify).
#include "cli.hpp"
#include "live_options.hpp"
#include "live_sources.hpp"
#include "purge_signals.hpp"
#include "render.hpp"

#include <cachectl/live/cache_status.hpp>
#include <cachectl/live/probe.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <memory>

namespace cachectl::cli {

namespace {

// The flags of `warm`.
struct WarmOptions {
  LiveOptions live;
  bool no_verify = false;
};

// Totals of a warm run.
struct WarmTotals {
  std::size_t warmed = 0;   ///< answered with a status below 400
  std::size_t failed = 0;   ///< no answer, or 4xx/5xx
  std::size_t cached = 0;   ///< served from cache on the verifying request
  std::size_t answered = 0; ///< any response
  std::size_t done = 0;
};

// Runs `warm`.
int
run_warm(const GlobalOptions& globals, const WarmOptions& opts)
{
  const Terminal err(stderr, globals.color);
  const Terminal out(stdout, globals.color);
  const LiveOptions& live = opts.live;
  if ((live.top > 0) != !live.log.empty()) {
    print_error(err, "warm: --top N and --log FILE go together");
    return exit_usage;
  }
  if (live.urls.empty() && live.from.empty() && live.sitemaps.empty() && live.top == 0) {
    print_error(err,
                "warm: nothing to warm: give URLs, --from FILE, --sitemap URL|FILE or "
                "--top N --log FILE");
    return exit_usage;
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const PurgeSignals signals;
  Prober prober(ProbeSettings{.concurrency = live.concurrency,
                              .rate = live.rate,
                              .timeout = live.timeout,
                              .connect_timeout = std::min(live.timeout, 5.0),
                              .head = false,
                              .follow = live.follow},
                signals.cancel());
  auto urls = collect_live_urls("warm", live, *config, prober, err);
  if (!urls) {
    print_error(err, printable(urls.error().message));
    return signals.signal() != 0 ? 128 + signals.signal() : urls.error().status;
  }
  if (urls->urls.empty()) {
    print_error(err, "warm: no URL to warm");
    return urls->refused > 0 ? exit_usage : exit_findings;
  }
  std::vector<ProbeJob> jobs;
  for (const std::string& url : urls->urls) {
    jobs.push_back({url, opts.no_verify ? 1U : 2U});
  }
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
    if (live.format == "json") {
      Json j{{"url", url},
             {"status", first.status},
             {"ok", ok},
             {"before", to_string(before.state)},
             {"after", after ? Json(to_string(after->state)) : Json(nullptr)},
             {"source", before.source},
             {"seconds", first.seconds}};
      if (!first.error.empty()) {
        j["error"] = first.error;
      }
      out.write(j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
    } else if (!ok || !globals.quiet) {
      out.write(fmt::format(
          "{} {} {}{}\n",
          ok ? out.paint(Style::green, "warmed") : out.paint(Style::red, "FAILED"),
          printable(url),
          first.status == 0 ? printable(first.error) : fmt::format("{}", first.status),
          first.status == 0 ? ""
                            : fmt::format("  cache {}{}",
                                          to_string(before.state),
                                          after ? fmt::format(" → {}", to_string(after->state))
                                                : std::string())));
    }
    out.flush();
    if (progress) {
      err.write(fmt::format("warm: {}/{} URLs", totals.done, jobs.size()));
    }
  });
  if (progress) {
    err.write("\r\033[K");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (live.format == "json") {
    out.write(Json{{"summary",
                    {{"urls", jobs.size()},
                     {"done", totals.done},
                     {"warmed", totals.warmed},
                     {"failed", totals.failed},
                     {"cached_after", opts.no_verify ? Json(nullptr) : Json(totals.cached)},
                     {"interrupted", !finished},
                     {"seconds", seconds}}}}
                  .dump() +
              "\n");
  } else {
    out.write(fmt::format(
        "warm: {} of {} URLs requested, {} warmed, {} failed{} ({:.1f} s){}\n",
        totals.done,
        jobs.size(),
        totals.warmed,
        totals.failed,
        opts.no_verify ? "" : fmt::format(", {} served from cache after", totals.cached),
        seconds,
        finished ? "" : "; interrupted: the rest were not requested"));
  }
  if (!finished && signals.signal() != 0) {
    err.write(fmt::format("warm: interrupted by {}: {} of {} URLs were requested; nothing more "
                          "was sent\n",
                          signals.signal() == SIGINT ? "SIGINT" : "SIGTERM",
                          totals.done,
                          jobs.size()));
    return 128 + signals.signal();
  }
  if (totals.answered == 0) {
    return exit_remote;
  }
  return totals.failed > 0 || urls->refused > 0 ? exit_findings : exit_ok;
}

} // namespace

void
setup_warm(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<WarmOptions>();
  CLI::App* cmd = app.add_subcommand(
      "warm", "request URLs to fill the caches, reporting each one's cache status");
  add_live_options(*cmd, opts->live);
  cmd->add_option("--top", opts->live.top, "warm the N most requested paths of --log")
      ->check(CLI::Range(std::size_t{1}, k_max_live_urls))
      ->type_name("N");
  cmd->add_option(
         "--log", opts->live.log, "access log (combined/common or JSON Lines) that --top counts")
      ->type_name("FILE");
  cmd->add_flag("--no-verify",
                opts->no_verify,
                "send one request per URL (default: a second one reports the status after)");
  cmd->add_option(
         "--format", opts->live.format, "output format: text (default) or json (JSON Lines)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_warm(globals, *opts); };
  });
}

} // namespace cachectl::cli
