// `cachectl purge`: purge URLs, paths, tags, prefixes, hosts or everything through a
// provider's API: batched, paced, retried, every target accounted for.
#include "cli.hpp"
#include "render.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/purge/purge.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

namespace cachectl::cli {

namespace {

// What the command line asked for.
struct PurgeOptions {
  std::vector<std::string> urls;
  std::vector<std::string> paths;
  std::vector<std::string> tags;
  std::vector<std::string> prefixes;
  std::vector<std::string> hosts;
  std::vector<std::string> rules;
  bool everything = false;
  bool yes = false;
  std::vector<std::string> from;
  std::string provider;
  bool dry_run = false;
  bool soft = false;
  std::optional<unsigned> concurrency;
  std::optional<unsigned> retries;
  std::optional<double> timeout;
  std::optional<double> rate;
  std::optional<std::size_t> batch_size;
  std::string failed_out;
  std::string format = "text";
};

// The command-line targets, then each --from file line by line (never read whole).
class CommandLineSource final : public TargetSource {
public:
  // A source over the targets of `opts`.
  explicit CommandLineSource(const PurgeOptions& opts)
      : m_opts(opts)
  {
    const std::array<std::pair<const std::vector<std::string>*, TargetKind>, 6> lists = {{
        {&opts.urls, TargetKind::url},
        {&opts.paths, TargetKind::path},
        {&opts.tags, TargetKind::tag},
        {&opts.prefixes, TargetKind::prefix},
        {&opts.hosts, TargetKind::host},
        {&opts.rules, TargetKind::rule},
    }};
    for (const auto& [list, kind] : lists) {
      for (const auto& value : *list) {
        m_given.push_back({Target{kind, value}, fmt::format("--{}", target_kind_name(kind))});
      }
    }
    if (opts.everything) {
      m_given.push_back({Target{TargetKind::everything, {}}, "--everything"});
    }
  }

  std::optional<SourceItem>
  next() override
  {
    if (m_next_given < m_given.size()) {
      return m_given[m_next_given++];
    }
    while (true) {
      if (m_stream == nullptr) {
        if (m_next_file >= m_opts.from.size()) {
          return std::nullopt;
        }
        m_name = m_opts.from[m_next_file++];
        m_line = 0;
        if (m_name == "-") {
          m_stream = &std::cin;
        } else {
          m_file = std::make_unique<std::ifstream>(m_name);
          m_stream = m_file.get();
        }
      }
      std::string line;
      if (!std::getline(*m_stream, line)) {
        m_stream = nullptr;
        m_file.reset();
        continue;
      }
      ++m_line;
      const std::string_view text = trim_line(line);
      if (text.empty() || text.starts_with('#')) {
        continue;
      }
      SourceItem item{parse_target_line(text),
                      fmt::format("{}:{}", m_name == "-" ? "stdin" : m_name, m_line)};
      if (item.target && item.target->kind == TargetKind::everything && !m_opts.yes) {
        item.target =
            std::unexpected(std::string("`everything` purges the whole cache; pass --yes"));
      }
      return item;
    }
  }

private:
  const PurgeOptions& m_opts;
  std::vector<SourceItem> m_given;
  std::size_t m_next_given = 0;
  std::size_t m_next_file = 0;
  std::unique_ptr<std::ifstream> m_file;
  std::istream* m_stream = nullptr;
  std::string m_name;
  std::size_t m_line = 0;
};

// "30 URLs", "1 tag", "everything".
std::string
count_of(std::size_t count, TargetKind kind)
{
  if (kind == TargetKind::everything) {
    return "everything";
  }
  std::string_view noun = target_kind_plural(kind);
  if (count == 1) {
    return fmt::format("1 {}", target_kind_name(kind) == "url" ? "URL" : target_kind_name(kind));
  }
  return fmt::format("{} {}", count, noun);
}

// Renders what a purge does: text or JSON Lines on stdout, progress and -v on stderr.
class Renderer final : public PurgeObserver {
public:
  // A renderer for `opts`; `failed_out` receives failed targets when open.
  Renderer(const GlobalOptions& globals, const PurgeOptions& opts, std::FILE* failed_out)
      : m_globals(globals)
      , m_opts(opts)
      , m_json(opts.format == "json")
      , m_err(stderr, globals.color)
      , m_failed_out(failed_out)
      , m_progress(!globals.quiet && isatty(STDERR_FILENO) != 0)
  {
  }

  void
  on_request(const HttpRequest& request, const CallReport& call) override
  {
    if (m_json) {
      Json headers = Json::array();
      for (const auto& [name, value] : request.headers) {
        headers.push_back(Json::array({name, value}));
      }
      Json line = {{"type", "request"},
                   {"call", call.call},
                   {"kind", target_kind_name(call.kind)},
                   {"targets", call.targets},
                   {"node", call.node.empty() ? Json(nullptr) : Json(call.node)},
                   {"method", request.method},
                   {"url", request.url},
                   {"headers", headers},
                   {"body", request.body}};
      print_json(line);
      return;
    }
    std::string text = fmt::format("# call {}: {}{}\n{} {}\n",
                                   call.call,
                                   count_of(call.targets.size(), call.kind),
                                   call.node.empty() ? "" : fmt::format(" on node {}", call.node),
                                   request.method,
                                   request.url);
    for (const auto& [name, value] : request.headers) {
      text += fmt::format("{}: {}\n", name, value);
    }
    text += "\n";
    if (!request.body.empty()) {
      text += request.body + "\n\n";
    }
    std::fputs(printable_lines(text).c_str(), stdout);
  }

  void
  on_call(const CallReport& call) override
  {
    if (m_json) {
      Json line = {{"type", "call"},
                   {"call", call.call},
                   {"kind", target_kind_name(call.kind)},
                   {"targets", call.targets},
                   {"node", call.node.empty() ? Json(nullptr) : Json(call.node)},
                   {"method", call.method},
                   {"url", call.url},
                   {"ok", call.ok},
                   {"status", call.status == 0 ? Json(nullptr) : Json(call.status)},
                   {"attempts", call.attempts},
                   {"id", call.id.empty() ? Json(nullptr) : Json(call.id)},
                   {"error", call.ok ? Json(nullptr) : Json(call.error)},
                   {"seconds", call.seconds}};
      print_json(line);
      return;
    }
    if (m_globals.verbose > 0) {
      clear_progress();
      m_err.write(printable_lines(
          fmt::format("call {}: {}{} {} {} → {}{}{}\n",
                      call.call,
                      count_of(call.targets.size(), call.kind),
                      call.node.empty() ? "" : fmt::format(" on {}", call.node),
                      call.method,
                      call.url,
                      call.ok ? m_err.paint(Style::green, "ok") : m_err.paint(Style::red, "failed"),
                      call.status == 0 ? "" : fmt::format(", HTTP {}", call.status),
                      fmt::format("{}{} ({} attempt{}, {:.2f} s)",
                                  call.id.empty() ? "" : fmt::format(", id {}", call.id),
                                  call.ok ? "" : fmt::format(": {}", call.error),
                                  call.attempts,
                                  call.attempts == 1 ? "" : "s",
                                  call.seconds))));
    }
  }

  void
  on_retry(const CallReport& call, double delay, std::string_view reason) override
  {
    if (m_globals.verbose > 0 && !m_json) {
      clear_progress();
      m_err.write(printable_lines(fmt::format("call {}: {}; retrying in {:.1f} s (attempt {})\n",
                                              call.call,
                                              reason,
                                              delay,
                                              call.attempts + 1)));
    }
  }

  void
  on_failed(const Target& target, std::string_view reason, std::string_view where) override
  {
    const bool parsed = !(target.kind == TargetKind::url && target.value.empty());
    const std::string line = parsed ? format_target_line(target) : std::string();
    if (m_failed_out != nullptr && parsed) {
      std::fputs(line.c_str(), m_failed_out);
      std::fputc('\n', m_failed_out);
    }
    if (m_json) {
      print_json({{"type", "failed"},
                  {"target", parsed ? Json(line) : Json(nullptr)},
                  {"kind", parsed ? Json(target_kind_name(target.kind)) : Json(nullptr)},
                  {"input", where},
                  {"error", reason}});
      return;
    }
    clear_progress();
    // Tab-separated fields, each made printable on its own (a tab inside one is escaped).
    std::fputs(fmt::format("failed\t{}\t{}: {}\n",
                           printable(parsed ? line : "-"),
                           printable(where),
                           printable(reason))
                   .c_str(),
               stdout);
  }

  void
  on_progress(const PurgeProgress& progress) override
  {
    if (!m_progress || m_opts.dry_run) {
      return;
    }
    const double rate =
        progress.seconds > 0 ? static_cast<double>(progress.calls_done) / progress.seconds : 0;
    const std::string total = progress.input_done ? fmt::format("{}", progress.calls_planned)
                                                  : fmt::format("{}+", progress.calls_planned);
    m_err.write(
        fmt::format("\r\x1b[Kpurge: {}/{} calls, {} purged, {} failed, {} retries, {:.1f} calls/s",
                    progress.calls_done,
                    total,
                    progress.purged,
                    progress.failed,
                    progress.retries,
                    rate));
    m_progress_shown = true;
  }

  // Prints the totals.
  void
  summary(const PurgeSummary& s, const PurgeSettings& settings)
  {
    clear_progress();
    if (m_json) {
      print_json({{"type", "summary"},
                  {"format_version", 1},
                  {"provider", settings.provider->name},
                  {"dry_run", settings.dry_run},
                  {"outcome",
                   settings.dry_run                         ? "planned"
                   : s.outcome == PurgeOutcome::all_purged  ? "purged"
                   : s.outcome == PurgeOutcome::some_failed ? "some_failed"
                                                            : "nothing_done"},
                  {"targets", s.targets},
                  {"duplicates", s.duplicates},
                  {"purged", s.purged},
                  {"failed", s.failed},
                  {"calls", s.calls},
                  {"requests", s.requests},
                  {"retries", s.retries},
                  {"seconds", s.seconds},
                  {"aborted", s.abort_reason.empty() ? Json(nullptr) : Json(s.abort_reason)}});
      return;
    }
    if (settings.dry_run) {
      if (!m_globals.quiet) {
        m_err.write(fmt::format("dry run: {} request{} for {} target{} with {} ({} duplicate{} "
                                "dropped); nothing sent\n",
                                s.calls,
                                s.calls == 1 ? "" : "s",
                                s.targets,
                                s.targets == 1 ? "" : "s",
                                settings.provider->display,
                                s.duplicates,
                                s.duplicates == 1 ? "" : "s"));
      }
      return;
    }
    if (!s.abort_reason.empty()) {
      print_error(m_err, printable_lines(s.abort_reason));
    }
    std::fputs(fmt::format("{} {} of {} target{} with {}: {} call{}, {} request{} ({} retr{}), {} "
                           "failed, {} duplicate{} dropped, {:.1f} s\n",
                           s.failed == 0 ? "purged" : "purged only",
                           s.purged,
                           s.purged + s.failed,
                           s.purged + s.failed == 1 ? "" : "s",
                           settings.provider->display,
                           s.calls,
                           s.calls == 1 ? "" : "s",
                           s.requests,
                           s.requests == 1 ? "" : "s",
                           s.retries,
                           s.retries == 1 ? "y" : "ies",
                           s.failed,
                           s.duplicates,
                           s.duplicates == 1 ? "" : "s",
                           s.seconds)
                   .c_str(),
               stdout);
  }

private:
  // Prints one JSON Lines record.
  static void
  print_json(const Json& value)
  {
    std::fputs(value.dump(-1, ' ', false, Json::error_handler_t::replace).c_str(), stdout);
    std::fputc('\n', stdout);
  }

  // `text` with every line made printable (line breaks kept).
  static std::string
  printable_lines(std::string_view text)
  {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = text.find('\n', start);
      out += printable(text.substr(start, end == std::string_view::npos ? end : end - start));
      if (end == std::string_view::npos) {
        break;
      }
      out += '\n';
      start = end + 1;
    }
    return out;
  }

  // Erases the progress line before other stderr output.
  void
  clear_progress()
  {
    if (m_progress_shown) {
      m_err.write("\r\x1b[K");
      m_progress_shown = false;
    }
  }

  const GlobalOptions& m_globals;
  const PurgeOptions& m_opts;
  bool m_json;
  Terminal m_err;
  std::FILE* m_failed_out;
  bool m_progress;
  bool m_progress_shown = false;
};

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
  if (std::count(opts.from.begin(), opts.from.end(), "-") > 1) {
    print_error(err, "purge: --from - (stdin) can be given once");
    return exit_usage;
  }
  for (const auto& file : opts.from) {
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
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> failed_out(nullptr, std::fclose);
  if (!opts.failed_out.empty()) {
    failed_out.reset(std::fopen(opts.failed_out.c_str(), "w"));
    if (!failed_out) {
      print_error(err,
                  fmt::format("purge: cannot write --failed-out {}", printable(opts.failed_out)));
      return exit_usage;
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
  CommandLineSource source(opts);
  Renderer renderer(globals, opts, failed_out.get());
  const PurgeSummary summary = purger->run(source, renderer);
  renderer.summary(summary, purger->settings());
  std::fflush(stdout);
  if (failed_out && std::fclose(failed_out.release()) != 0) {
    print_error(err,
                fmt::format("purge: writing --failed-out {} failed", printable(opts.failed_out)));
    return exit_findings;
  }
  switch (summary.outcome) {
  case PurgeOutcome::all_purged:
    return exit_ok;
  case PurgeOutcome::some_failed:
    return exit_findings;
  case PurgeOutcome::nothing_done:
    return exit_remote;
  }
  return exit_findings;
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
  cmd->add_option("--timeout", opts->timeout, "seconds per request")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  cmd->add_option("--rate", opts->rate, "requests per second")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  cmd->add_option("--batch-size", opts->batch_size, "items per request (default: the provider's)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
      ->type_name("N");
  cmd->add_option(
         "--failed-out", opts->failed_out, "write the failed targets to FILE (--from format)")
      ->type_name("FILE");
  cmd->add_option("--format", opts->format, "output format: text (default) or json (JSON Lines)")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_purge(globals, *opts); };
  });
}

} // namespace cachectl::cli
