// `cachectl simulate`: replays an access log through the cache model of the config (and of a
// second config with --compare) and prints the hit ratio and origin load per rule.
#include "cli.hpp"
#include "render.hpp"
#include "simulate_render.hpp"

#include <cachectl/analysis/simulate.hpp>
#include <cachectl/config/duration.hpp>
#include <cachectl/purge/purge_target.hpp>
#include <cachectl/util/line_reader.hpp>

#include <fmt/format.h>

#include <memory>

namespace cachectl::cli {

namespace {

// Log lines longer than this are cut as they are read (bounded memory); a cut line does not
// parse and is counted as unparsable.
constexpr std::size_t k_max_log_line = 64 * 1024;

// The flags of `simulate`.
struct SimulateOptions {
  std::string log;
  std::string log_format = "auto";
  std::string purges;
  std::string purge_every;
  std::string capacity;
  std::string policy = "lru";
  unsigned pops = 1;
  std::string compare;
  std::string format = "text";
};

// The purge kinds of the purge module as the simulator's.
PurgeEvent::Kind
event_kind(TargetKind kind)
{
  switch (kind) {
  case TargetKind::url:
    return PurgeEvent::Kind::url;
  case TargetKind::path:
    return PurgeEvent::Kind::path;
  case TargetKind::tag:
    return PurgeEvent::Kind::tag;
  case TargetKind::prefix:
    return PurgeEvent::Kind::prefix;
  case TargetKind::host:
    return PurgeEvent::Kind::host;
  case TargetKind::rule:
    return PurgeEvent::Kind::rule;
  case TargetKind::everything:
    break;
  }
  return PurgeEvent::Kind::everything;
}

// The events of a --purges file (`TIME TARGET` per line, blank lines and `#` comments
// skipped); the error is `FILE:LINE: what is wrong` and its exit status.
std::expected<std::vector<PurgeEvent>, std::pair<std::string, int>>
read_purges(const std::string& path)
{
  auto reader = LineReader::open(path, 4096);
  if (!reader) {
    return std::unexpected(std::pair(reader.error(), int(exit_io)));
  }
  std::vector<PurgeEvent> events;
  while (const auto line = reader->next()) {
    const std::string_view text = trim_line(line->text);
    if (text.empty() || text.front() == '#') {
      continue;
    }
    const auto fail = [&](const std::string& why) {
      return std::unexpected(
          std::pair(fmt::format("{}:{}: {}", path, line->number, why), int(exit_usage)));
    };
    const std::size_t space = text.find_first_of(" \t");
    if (space == std::string_view::npos) {
      return fail("expected `TIME TARGET` (e.g. `2024-05-01T10:00:00Z tag:blog`)");
    }
    const auto time = parse_event_time(text.substr(0, space));
    if (!time) {
      return fail(fmt::format("`{}` is not an RFC 3339 time or epoch seconds",
                              printable(text.substr(0, space))));
    }
    auto target = parse_target_line(trim_line(text.substr(space + 1)));
    if (target) {
      target = check_target(*target);
    }
    if (!target) {
      return fail(printable(target.error()));
    }
    events.push_back({*time, event_kind(target->kind), target->value});
  }
  if (!reader->error().empty()) {
    return std::unexpected(std::pair(reader->error(), int(exit_io)));
  }
  return events;
}

// The format a log was read in, for the report.
std::string
format_name(LogFormat format)
{
  const auto& names = log_format_names();
  switch (format) {
  case LogFormat::automatic:
    return "auto";
  case LogFormat::common:
    return std::string(names[1]);
  case LogFormat::combined:
    return std::string(names[2]);
  case LogFormat::json:
    return std::string(names[3]);
  case LogFormat::cloudflare:
    return std::string(names[4]);
  case LogFormat::cloudfront:
    break;
  }
  return std::string(names[5]);
}

// Runs `simulate`.
int
run_simulate(const GlobalOptions& globals, const SimulateOptions& opts)
{
  const Terminal err(stderr, globals.color);
  const Terminal out(stdout, globals.color);
  SimulationSettings settings;
  settings.format = parse_log_format(opts.log_format).value_or(LogFormat::automatic);
  settings.eviction = parse_eviction(opts.policy).value_or(Eviction::lru);
  settings.pops = opts.pops;
  if (!opts.capacity.empty()) {
    const auto capacity = parse_capacity(opts.capacity);
    if (!capacity) {
      print_error(err, fmt::format("simulate: --capacity: {}", printable(capacity.error())));
      return exit_usage;
    }
    settings.capacity = *capacity;
  }
  std::int64_t every_s = 0;
  if (!opts.purge_every.empty()) {
    const auto every = parse_duration(opts.purge_every, std::int64_t{10} * 365 * 86400);
    if (!every || *every == 0) {
      print_error(err,
                  fmt::format("simulate: --purge-every: {}",
                              every ? std::string("a duration of 0 would purge all the time")
                                    : printable(every.error())));
      return exit_usage;
    }
    every_s = *every;
    settings.purge_every_ms = every_s * 1000;
  }
  if (!opts.purges.empty()) {
    auto events = read_purges(opts.purges);
    if (!events) {
      print_error(err, fmt::format("simulate: --purges: {}", printable(events.error().first)));
      return events.error().second;
    }
    settings.purges = std::move(*events);
  }
  const auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  std::optional<Config> other;
  if (!opts.compare.empty()) {
    GlobalOptions second = globals;
    second.config = opts.compare;
    other = load_config_or_report(second, err);
    if (!other) {
      return exit_config;
    }
  }
  auto reader = LineReader::open(opts.log, k_max_log_line);
  if (!reader) {
    print_error(err, fmt::format("simulate: {}", printable(reader.error())));
    return exit_io;
  }
  std::vector<Simulator> simulators;
  simulators.emplace_back(*config, settings);
  if (other) {
    simulators.emplace_back(*other, settings);
  }
  // The log is read and parsed once, on a second thread, and each line replayed through every
  // config on this one.
  std::optional<LineNote> refused;
  const ParsedLogEnd end =
      read_parsed_log(*reader, settings.format, [&](std::span<const ParsedLine> lines) {
        for (const ParsedLine& line : lines) {
          for (Simulator& simulator : simulators) {
            if (auto fed = simulator.feed(line); !fed) {
              refused = std::move(fed.error());
              return false;
            }
          }
        }
        return true;
      });
  if (refused) {
    print_error(err,
                fmt::format("simulate: {}:{}: {}",
                            printable(reader->name()),
                            refused->line,
                            printable(refused->message)));
    return exit_io;
  }
  if (!end.error.empty()) {
    print_error(err, fmt::format("simulate: {}", printable(end.error)));
    return exit_io;
  }
  std::vector<SimulationRun> runs;
  runs.push_back({config->file, simulators[0].report()});
  if (other) {
    runs.push_back({other->file, simulators[1].report()});
  }
  const SimulationReport& report = runs.front().report;
  const std::string name = printable(reader->name());
  // The noted lines of one kind, then how many there were in all when that is more.
  const auto warn = [&](const std::vector<LineNote>& notes,
                        std::uint64_t count,
                        std::string_view what,
                        std::string_view plural) {
    for (const LineNote& note : notes) {
      err.write(fmt::format("{}:{}: {} {}: {}\n",
                            name,
                            note.line,
                            err.paint(Style::yellow, "warning:"),
                            what,
                            printable(note.message)));
    }
    if (count > notes.size()) {
      err.write(fmt::format("cachectl: {} simulate: {} {} in all (the first {} shown)\n",
                            err.paint(Style::yellow, "warning:"),
                            count,
                            plural,
                            notes.size()));
    }
  };
  warn(report.unparsable_lines, report.unparsable, "unparsable line skipped", "unparsable lines");
  warn(report.reordered_lines, report.reordered, "out of time order", "lines out of time order");
  if (report.total.requests == 0) {
    print_error(err,
                fmt::format("simulate: {} holds no request line ({} line{}, {} unparsable)",
                            name,
                            report.lines,
                            report.lines == 1 ? "" : "s",
                            report.unparsable));
    return exit_io;
  }
  SimulationSetup setup{.log = reader->name(),
                        .log_format = format_name(end.format),
                        .capacity = opts.capacity.empty() ? "unlimited" : opts.capacity,
                        .policy = opts.policy,
                        .pops = std::max(1U, opts.pops),
                        .purge_every_s = every_s,
                        .purge_events = settings.purges.size()};
  if (settings.format != LogFormat::automatic) {
    setup.log_format = format_name(settings.format);
  }
  if (opts.format == "json") {
    out.write(
        render_simulation_json(setup, runs).dump(2, ' ', false, Json::error_handler_t::replace) +
        "\n");
  } else if (opts.format == "html") {
    out.write(render_simulation_html(setup, runs));
  } else if (opts.format == "markdown") {
    out.write(render_simulation_markdown(setup, runs));
  } else {
    out.write(render_simulation_text(setup, runs));
  }
  return exit_ok;
}

} // namespace

void
setup_simulate(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "replay an access log through the config's cache model: hit ratio per rule");
  cmd->add_option("--log", opts->log, "the access log, `-` for standard input")
      ->required()
      ->type_name("FILE");
  const std::vector<std::string> formats(log_format_names().begin(), log_format_names().end());
  cmd->add_option(
         "--log-format",
         opts->log_format,
         "log format: auto (default), common, combined, json, cloudflare, cloudfront or fastly")
      ->check(CLI::IsMember(formats))
      ->type_name("FORMAT");
  cmd->add_option("--purges", opts->purges, "purge events, `TIME TARGET` per line")
      ->type_name("FILE");
  cmd->add_option("--purge-every", opts->purge_every, "purge everything this often (e.g. 1h)")
      ->type_name("DURATION");
  cmd->add_option("--capacity",
                  opts->capacity,
                  "cache size per PoP: N with B, KB, MB, GB or objects (default unlimited)")
      ->type_name("SIZE");
  cmd->add_option("--policy", opts->policy, "eviction of a full cache: lru (default) or sieve")
      ->check(CLI::IsMember({"lru", "sieve"}))
      ->type_name("POLICY");
  cmd->add_option(
         "--pops", opts->pops, "independent caches, chosen by a hash of the client address")
      ->check(CLI::Range(1U, 1000U))
      ->type_name("N");
  cmd->add_option("--compare", opts->compare, "also replay through this config, side by side")
      ->type_name("OTHER.toml");
  cmd->add_option("--format", opts->format, "output format: text (default), json, markdown or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_simulate(globals, *opts); };
  });
}

} // namespace cachectl::cli
