// `cachectl purge`: purge URLs, paths, tags, prefixes, hosts or everything through a
// provider's API: batched, paced, retried, every target accounted for.
#include "cli.hpp"
#include "failed_out.hpp"
#include "live_options.hpp"
#include "live_sources.hpp"
#include "purge_options.hpp"
#include "purge_render.hpp"
#include "purge_signals.hpp"
#include "purge_source.hpp"
#include "purge_warm.hpp"
#include "render.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>

namespace cachectl::cli {

namespace {

// The exit status of a PurgeError.
int
exit_status_of(PurgeErrorKind kind)
{
  switch (kind) {
  case PurgeErrorKind::usage:
    return exit_usage;
  case PurgeErrorKind::config:
    return exit_config;
  case PurgeErrorKind::credentials:
    return exit_remote;
  }
  return exit_usage;
}

// Runs `purge`.
int
run_purge(const GlobalOptions& globals, const PurgeOptions& opts)
{
  const Terminal err(stderr, globals.color);
  const bool any_target = !opts.urls.empty() || !opts.paths.empty() || !opts.tags.empty() ||
                          !opts.prefixes.empty() || !opts.hosts.empty() || !opts.rules.empty() ||
                          opts.everything || !opts.from.empty();
  if (!any_target) {
    print_error(err,
                "purge: nothing to purge: give --url, --path, --tag, --prefix, --host, --rule, "
                "--everything or --from FILE");
    return exit_usage;
  }
  if (opts.everything && !opts.yes) {
    print_error(err, "purge: --everything empties the whole cache; add --yes to confirm");
    return exit_usage;
  }
  if (const std::string why = warm_usage_error(opts); !why.empty()) {
    print_error(err, why);
    return exit_usage;
  }
  if (std::count(opts.from.begin(), opts.from.end(), "-") +
          std::count(opts.warm_from.begin(), opts.warm_from.end(), "-") >
      1) {
    print_error(err, "purge: - (stdin) can be given once, to --from or --warm-from");
    return exit_usage;
  }
  for (const auto& file : opts.from) {
    struct stat info {};
    const bool directory = file == "-" ? fstat(STDIN_FILENO, &info) == 0 && S_ISDIR(info.st_mode)
                                       : stat(file.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
    if (directory) {
      print_error(err,
                  fmt::format("purge: cannot read --from {}: Is a directory",
                              file == "-" ? "- (stdin)" : printable(file)));
      return exit_io;
    }
    if (file != "-" && !std::ifstream(file)) {
      print_error(err, fmt::format("purge: cannot read --from {}", printable(file)));
      return exit_usage;
    }
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  PurgeOverrides overrides{.concurrency = opts.concurrency,
                           .retries = opts.retries,
                           .timeout = opts.timeout,
                           .rate = opts.rate,
                           .deadline = opts.deadline,
                           .batch_size = opts.batch_size,
                           .soft = opts.soft,
                           .dry_run = opts.dry_run};
  // Kinds given on the command line that the provider cannot purge are usage errors, found
  // before credentials are looked for; in a --from file they fail one by one.
  const ProviderInfo* provider =
      find_provider(opts.provider.empty() ? std::string_view(config->provider) : opts.provider);
  const std::array<std::pair<bool, TargetKind>, 5> given = {{
      {!opts.urls.empty() || !opts.paths.empty(), TargetKind::url},
      {!opts.tags.empty() || !opts.rules.empty(), TargetKind::tag},
      {!opts.prefixes.empty(), TargetKind::prefix},
      {!opts.hosts.empty(), TargetKind::host},
      {opts.everything, TargetKind::everything},
  }};
  for (const auto& [present, kind] : given) {
    if (present && provider != nullptr && provider->purge.available) {
      if (const std::string why = purge_unsupported(*provider, kind); !why.empty()) {
        print_error(err, fmt::format("purge: {}", why));
        return exit_usage;
      }
    }
  }
  auto purger = Purger::create(*config, opts.provider, overrides, process_environment());
  if (!purger) {
    print_error(err, fmt::format("purge: {}", printable(purger.error().message)));
    return exit_status_of(purger.error().kind);
  }
  if (!opts.dry_run && !load_http_transport_or_report("purge", err)) {
    return exit_remote;
  }
  // Written to a temporary file that replaces the named one at the end: a --from of the same
  // file (by any name) is read whole first, and a signal never leaves half a line.
  FailedOut failed_out;
  if (!opts.failed_out.empty() && !opts.dry_run) {
    if (const std::string why = failed_out.open(opts.failed_out); !why.empty()) {
      print_error(err,
                  fmt::format("purge: cannot write --failed-out {}: {}",
                              printable(opts.failed_out),
                              printable(why)));
      return exit_io;
    }
  }
  if (globals.verbose > 0 && opts.format != "json") {
    const PurgeSettings& s = purger->settings();
    err.write(
        fmt::format("purge: {} at {}: {} requests/s, {} at once, {} retries, {} s timeout{}\n",
                    s.provider->display,
                    s.endpoint.empty() ? std::string("its nodes") : s.endpoint,
                    s.rate,
                    s.concurrency,
                    s.retries,
                    s.timeout,
                    s.token_env.empty() ? "" : fmt::format(", token from ${}", s.token_env)));
  }
  if (globals.verbose > 0 && opts.format != "json") {
    for (const auto& file : opts.from) {
      if (failed_out.is_open() && file != "-" && failed_out.same_file(file)) {
        err.write(fmt::format("purge: --failed-out {} is also read by --from: it is read whole "
                              "before the failures replace it\n",
                              printable(opts.failed_out)));
      }
    }
  }
  CommandLineSource source(opts);
  PurgeRenderer renderer(globals, opts, &failed_out);
  PurgeWarmObserver observer(renderer);
  const PurgeSignals signals;
  const PurgeSummary summary = purger->run(source, observer, signals.cancel());
  renderer.summary(summary, purger->settings());
  int status = exit_findings;
  switch (summary.outcome) {
  case PurgeOutcome::all_purged:
    status = exit_ok;
    break;
  case PurgeOutcome::some_failed:
    status = exit_findings;
    break;
  case PurgeOutcome::nothing_done:
    status = exit_remote;
    break;
  }
  if (const std::string why = failed_out.commit(); !why.empty()) {
    print_error(err,
                fmt::format("purge: writing --failed-out {} failed: {}; it was left as it was",
                            printable(opts.failed_out),
                            printable(why)));
    status = exit_io;
  } else if (!opts.dry_run && summary.failed > 0 && !failed_out.is_open() &&
             !opts.failed_out.empty() && renderer.everything_rejected()) {
    err.write(fmt::format("purge: --failed-out {} holds `everything`: re-run it with --yes\n",
                          printable(opts.failed_out)));
  }
  if (!source.read_error().empty()) {
    print_error(
        err,
        fmt::format("purge: {}; the lines after it were not read", printable(source.read_error())));
    status = exit_io;
  }
  if (!renderer.stdout_error().empty()) {
    print_error(err,
                fmt::format("purge: standard output could not be written ({}); the purge went on, "
                            "the summary{} went to standard error",
                            renderer.stdout_error(),
                            opts.failed_out.empty() ? " and the failed targets" : ""));
    if (status == exit_ok) {
      status = exit_io;
    }
  }
  if (summary.interrupted && signals.signal() != 0) {
    err.write(fmt::format("purge: interrupted by {}: nothing more was sent; every target not "
                          "confirmed purged is reported failed{}\n",
                          signals.signal() == SIGINT ? "SIGINT" : "SIGTERM",
                          opts.failed_out.empty()
                              ? " on standard output (use --failed-out FILE to collect them)"
                              : fmt::format(" and listed in {}", printable(opts.failed_out))));
    status = 128 + signals.signal();
  } else if (opts.warm) {
    const int warmed = warm_after_purge(globals, opts, *config, observer.purged(), signals);
    status = warmed > 128 || status == exit_ok ? warmed : status;
  }
  return status;
}

} // namespace

void
setup_purge(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<PurgeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "purge", "purge URLs, paths, tags, prefixes, hosts or everything through a CDN's API");
  cmd->add_option("--url", opts->urls, "purge this URL (repeatable)")->type_name("URL");
  cmd->add_option("--path", opts->paths, "purge this path on every [site] origin (repeatable)")
      ->type_name("PATH");
  cmd->add_option("--tag", opts->tags, "purge this cache tag (repeatable)")->type_name("TAG");
  cmd->add_option(
         "--prefix", opts->prefixes, "purge everything under host/path or /path (repeatable)")
      ->type_name("PREFIX");
  cmd->add_option("--host", opts->hosts, "purge everything of this host (repeatable)")
      ->type_name("HOST");
  cmd->add_option("--rule", opts->rules, "purge the static tags of this rule (repeatable)")
      ->type_name("PATTERN");
  cmd->add_flag("--everything", opts->everything, "purge the whole cache (needs --yes)");
  cmd->add_flag("--yes", opts->yes, "confirm --everything");
  cmd->add_option("--from", opts->from, "read targets, one per line, from FILE or - (stdin)")
      ->type_name("FILE");
  // The one provider set of every command (validate, headers, purge); generic has no purge API.
  const std::vector<std::string> choices(provider_names().begin(), provider_names().end());
  cmd->add_option("--provider", opts->provider, "provider to purge (default: [site] provider)")
      ->check(CLI::IsMember(choices))
      ->type_name("NAME");
  cmd->add_flag("--dry-run", opts->dry_run, "print the requests that would be sent; send nothing");
  cmd->add_flag("--soft", opts->soft, "mark stale instead of evicting (fastly, varnish)");
  cmd->add_option("--concurrency", opts->concurrency, "requests in flight at once")
      ->check(CLI::Range(1, 64))
      ->type_name("N");
  cmd->add_option("--retries", opts->retries, "retries of a failed request")
      ->check(CLI::Range(0, 20))
      ->type_name("N");
  // The ranges of --timeout, --rate and --deadline are the library's (NaN and inf refused).
  cmd->add_option("--timeout", opts->timeout, "seconds per request (0.001 to 3600)")
      ->check(setting_range("timeout"))
      ->type_name("SECONDS");
  cmd->add_option("--rate", opts->rate, "requests per second (0.001 to 10000)")
      ->check(setting_range("rate"))
      ->type_name("N");
  cmd->add_option("--deadline",
                  opts->deadline,
                  "seconds the whole run may take; then nothing more is sent (default 3600)")
      ->check(setting_range("deadline"))
      ->type_name("SECONDS");
  cmd->add_option("--batch-size", opts->batch_size, "items per request (default: the provider's)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->type_name("N");
  cmd->add_option(
         "--failed-out", opts->failed_out, "write the failed targets to FILE (--from format)")
      ->type_name("FILE");
  cmd->add_option("--format", opts->format, "output format: text (default) or json (JSON Lines)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  cmd->add_flag("--warm", opts->warm, "then fetch the purged URLs again where they were purged");
  cmd->add_option("--warm-from",
                  opts->warm_from,
                  "URLs (or paths) to warm when a purged tag, prefix or host covers them")
      ->type_name("FILE");
  cmd->add_option("--warm-log",
                  opts->warm_log,
                  "access log whose --warm-top N paths are warmed when purged tags cover them")
      ->type_name("FILE");
  cmd->add_option("--warm-top", opts->warm_top, "how many paths of --warm-log to consider")
      ->check(CLI::Range(std::size_t{1}, k_max_live_urls))
      ->type_name("N");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_purge(globals, *opts); };
  });
}

} // namespace cachectl::cli
