// `cachectl check`: request each URL of the live site and compare the response with what the
// config says for it (exactly at the origin; at the edge, what browsers see and how the cache
// behaves).
#include "check_render.hpp"
#include "cli.hpp"
#include "live_options.hpp"
#include "live_sources.hpp"
#include "purge_signals.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/live/check.hpp>
#include <cachectl/live/probe.hpp>
#include <cachectl/match/compiled_matcher.hpp>

#include <fmt/format.h>

#include <csignal>
#include <memory>

namespace cachectl::cli {

namespace {

// The flags of `check`.
struct CheckOptions {
  LiveOptions live;
  bool origin = false;
  bool head = false;
  bool no_deception = false;
  std::string provider;
};

// Runs `check`.
int
run_check_command(const GlobalOptions& globals, const CheckOptions& opts)
{
  const Terminal err(stderr, globals.color);
  const LiveOptions& live = opts.live;
  if (live.urls.empty() && live.from.empty() && live.sitemaps.empty() && live.sample == 0) {
    print_error(err,
                "check: nothing to check: give URLs, --from FILE, --sitemap URL|FILE or "
                "--sample N");
    return exit_usage;
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const std::string_view provider_name = !opts.provider.empty() ? std::string_view(opts.provider)
                                         : !config->provider.empty()
                                             ? std::string_view(config->provider)
                                             : std::string_view("generic");
  const ProviderInfo* provider = find_provider(provider_name);
  if (provider == nullptr || !provider->headers.available) {
    print_error(err,
                fmt::format("check: provider {} has no header profile to check against",
                            printable(provider_name)));
    return provider == nullptr || !opts.provider.empty() ? exit_usage : exit_config;
  }
  if (!load_http_transport_or_report("check", err)) {
    return exit_remote;
  }
  const PurgeSignals signals;
  Prober prober(ProbeSettings{.concurrency = live.concurrency,
                              .rate = live.rate,
                              .timeout = live.timeout,
                              .connect_timeout = std::min(live.timeout, 5.0),
                              .head = opts.head,
                              .follow = live.follow},
                signals.cancel());
  auto urls = collect_live_urls("check", live, *config, prober, err);
  if (!urls) {
    print_error(err, printable(urls.error().message));
    return signals.signal() != 0 ? 128 + signals.signal() : urls.error().status;
  }
  if (urls->urls.empty()) {
    print_error(err, "check: no URL to check");
    return urls->refused > 0 ? exit_usage : exit_findings;
  }
  const CompiledMatcher matcher(*config);
  const CheckSettings settings{.mode = opts.origin ? CheckMode::origin : CheckMode::edge,
                               .provider = provider,
                               .deception = !opts.no_deception,
                               .method = opts.head ? "HEAD" : "GET"};
  const Checker checker(*config, matcher, settings);
  CheckRenderer renderer(globals, *config, live.format, urls->urls.size());
  const CheckSummary summary =
      run_check(checker, prober, urls->urls, [&](const UrlCheck& result) { renderer.url(result); });
  renderer.summary(summary, provider->name, settings.mode);
  if (summary.interrupted && signals.signal() != 0) {
    err.write(fmt::format("check: interrupted by {}: {} of {} URLs were checked; nothing more "
                          "was sent\n",
                          signals.signal() == SIGINT ? "SIGINT" : "SIGTERM",
                          summary.checked,
                          summary.urls));
    return 128 + signals.signal();
  }
  if (summary.checked > 0 && summary.unreachable == summary.checked) {
    return exit_remote;
  }
  return summary.drifted > 0 || summary.unreachable > 0 || urls->refused > 0 ? exit_findings
                                                                             : exit_ok;
}

} // namespace

void
setup_check(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "request URLs of the live site and compare their caching with the config");
  add_live_options(*cmd, opts->live);
  cmd->add_option("--sample",
                  opts->live.sample,
                  "also check one example URL of each of the "
                  "first N rules")
      ->check(CLI::Range(std::size_t{1}, k_max_live_urls))
      ->type_name("N");
  cmd->add_flag("--origin",
                opts->origin,
                "compare every header `headers` writes, exactly (at the origin, no CDN between)");
  cmd->add_flag("--head", opts->head, "send HEAD instead of GET");
  cmd->add_flag("--no-deception",
                opts->no_deception,
                "do not request the cache deception spellings of opted-out pages");
  const std::vector<std::string> choices(provider_names().begin(), provider_names().end());
  cmd->add_option("--provider",
                  opts->provider,
                  "provider whose headers are expected (default: [site] provider, else generic)")
      ->check(CLI::IsMember(choices))
      ->type_name("NAME");
  cmd->add_option("--format",
                  opts->live.format,
                  "output format: text (default), json (JSON Lines), junit or github")
      ->check(CLI::IsMember({"text", "json", "junit", "github"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_check_command(globals, *opts); };
  });
}

} // namespace cachectl::cli
