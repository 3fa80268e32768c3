// `cachectl warm`: request URLs to fill the caches after a deploy or a purge, paced and bounded
// like purge, reporting each URL's cache status before (the warming request) and after (a
// second request, unless --no-verify).
#include "cli.hpp"
#include "live_options.hpp"
#include "live_sources.hpp"
#include "purge_signals.hpp"
#include "render.hpp"
#include "warm_run.hpp"

#include <cachectl/live/probe.hpp>

#include <memory>

namespace cachectl::cli {

namespace {

// The flags of `warm`.
struct WarmOptions {
  LiveOptions live;
  bool no_verify = false;
};

// Runs `warm`.
int
run_warm(const GlobalOptions& globals, const WarmOptions& opts)
{
  const Terminal err(stderr, globals.color);
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
  if (!load_http_transport_or_report("warm", err)) {
    return exit_remote;
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
    jobs.push_back({url, opts.no_verify ? 1U : 2U, {}});
  }
  const int status =
      run_warm_jobs(globals, "warm", live.format, !opts.no_verify, prober, signals, jobs);
  return status == exit_ok && urls->refused > 0 ? exit_findings : status;
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
