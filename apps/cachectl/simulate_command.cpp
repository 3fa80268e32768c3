// `cachectl simulate`: replays an access log through the cache model of the config (and of a
// second config with --compare) and prints the hit ratio and origin load per rule.
#include "cli.hpp"
#include "render.hpp"
#include "simulate_render.hpp"
#include "simulate_shard.hpp"

#include <cachectl/analysis/simulate.hpp>
#include <cachectl/analysis/simulate_merge.hpp>
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
  std::string format; ///< empty: text (JSON with --shard)
  std::string shard;
  std::vector<std::string> merge;
};

// Shard files and configs are read whole; their lines may be this long.
constexpr std::size_t k_max_file_line = 16 * 1024 * 1024;

// The text of file `path`, `-` for standard input (its lines joined by `\n`); the error says
// why it could not be read.
std::expected<std::string, std::string>
read_text(const std::string& path)
{
  auto reader = LineReader::open(path, k_max_file_line);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  std::string text;
  while (const auto line = reader->next()) {
    text += line->text;
    text += '\n';
  }
  if (!reader->error().empty()) {
    return std::unexpected(reader->error());
  }
  return text;
}

// The noted lines of `report` as warnings (`LOG:LINE: warning: …`), then how many there were
// in all when that is more.
void
warn_lines(const Terminal& err, const std::string& name, const SimulationReport& report)
{
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
}

// Prints the runs in `format` (text when empty).
void
print_simulation(const Terminal& out,
                 const std::string& format,
                 const SimulationSetup& setup,
                 const std::vector<SimulationRun>& runs)
{
  if (format == "json") {
    out.write(
        render_simulation_json(setup, runs).dump(2, ' ', false, Json::error_handler_t::replace) +
        "\n");
  } else if (format == "html") {
    out.write(render_simulation_html(setup, runs));
  } else if (format == "markdown") {
    out.write(render_simulation_markdown(setup, runs));
  } else {
    out.write(render_simulation_text(setup, runs));
  }
}

// `simulate --merge`: the shard files read, merged and printed as one run over the whole log.
int
run_merge(const GlobalOptions& globals, const SimulateOptions& opts)
{
  const Terminal err(stderr, globals.color);
  const Terminal out(stdout, globals.color);
  std::vector<ShardFile> files;
  std::vector<ShardInput> inputs;
  for (const std::string& path : opts.merge) {
    const auto text = read_text(path);
    auto file = text ? read_shard(*text) : std::unexpected(text.error());
    if (!file) {
      print_error(err,
                  fmt::format("simulate: --merge: {}{}",
                              text ? printable(path) + ": " : std::string(),
                              printable(file.error())));
      return exit_io;
    }
    file->input.name = path;
    inputs.push_back(file->input);
    files.push_back(std::move(*file));
  }
  auto merged = merge_reports(inputs);
  if (!merged) {
    print_error(err, fmt::format("simulate: --merge: {}", printable(merged.error())));
    return exit_usage;
  }
  // The names (of the log, of the configs) as shard 0 gave them: the content is the same in
  // every shard (the fingerprints say so), the paths may differ from machine to machine.
  const auto zero = std::find_if(
      files.begin(), files.end(), [](const ShardFile& f) { return f.input.facts.spec.index == 0; });
  std::vector<SimulationRun> runs;
  for (std::size_t i = 0; i < merged->size(); ++i) {
    runs.push_back({zero->configs[i], std::move((*merged)[i])});
  }
  warn_lines(err, printable(zero->setup.log), runs.front().report);
  print_simulation(out, opts.format, zero->setup, runs);
  return exit_ok;
}

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

// Checks --shard against the other flags and sets it in `settings`; the error is printed and
// its exit status returned.
std::optional<int>
set_shard(const Terminal& err, const SimulateOptions& opts, SimulationSettings& settings)
{
  if (opts.shard.empty()) {
    return std::nullopt;
  }
  const auto spec = parse_shard_spec(opts.shard);
  if (!spec) {
    print_error(err,
                fmt::format("simulate: --shard `{}`: {}", printable(opts.shard), spec.error()));
    return exit_usage;
  }
  if (!opts.format.empty() && opts.format != "json") {
    print_error(err,
                fmt::format("simulate: --shard writes the shard's JSON for --merge; ask the merge "
                            "for --format {} (`simulate --merge SHARD.json... --format {}`)",
                            opts.format,
                            opts.format));
    return exit_usage;
  }
  if (settings.capacity.unit != Capacity::Unit::unlimited) {
    print_error(err,
                fmt::format("simulate: --capacity {} cannot be sharded: a full cache evicts "
                            "across keys, so what one shard's keys keep depends on the other "
                            "shards' requests; shard only with an unlimited capacity",
                            printable(opts.capacity)));
    return exit_usage;
  }
  settings.shard_index = spec->index;
  settings.shard_count = spec->count;
  return std::nullopt;
}

// Runs `simulate`.
int
run_simulate(const GlobalOptions& globals, const SimulateOptions& opts)
{
  if (!opts.merge.empty()) {
    return run_merge(globals, opts);
  }
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
  if (const auto refused = set_shard(err, opts, settings)) {
    return *refused;
  }
  const bool sharded = settings.shard_count > 0;
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
  // A shard file names the configs by their content (their paths may differ between machines).
  std::string config_text;
  std::string compare_text;
  if (sharded) {
    const std::string* files[] = {&config->file, other ? &other->file : nullptr};
    std::string* texts[] = {&config_text, &compare_text};
    for (std::size_t i = 0; i < 2; ++i) {
      if (files[i] == nullptr) {
        continue;
      }
      auto read = read_text(*files[i]);
      if (!read) {
        print_error(err, fmt::format("simulate: {}", printable(read.error())));
        return exit_io;
      }
      *texts[i] = std::move(*read);
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
  std::uint64_t log_hash = 0;
  const ParsedLogEnd end =
      read_parsed_log(*reader, settings.format, [&](std::span<const ParsedLine> lines) {
        for (const ParsedLine& line : lines) {
          if (sharded) {
            log_hash = fingerprint64(line.text, log_hash);
          }
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
  warn_lines(err, name, report);
  if (report.log_requests == 0) {
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
  if (sharded) {
    ShardFacts facts;
    facts.spec = {settings.shard_index, settings.shard_count};
    facts.config_fingerprint = fingerprint64(config_text);
    facts.compare_fingerprint = other ? fingerprint64(compare_text) : 0;
    facts.log_fingerprint = log_hash;
    facts.purge_fingerprint = purge_fingerprint(settings);
    facts.settings = fmt::format("pops {}, capacity {}, policy {}, log format {}",
                                 setup.pops,
                                 setup.capacity,
                                 setup.policy,
                                 setup.log_format);
    facts.lines = report.lines;
    facts.log_requests = report.log_requests;
    facts.first_ms = report.first_ms;
    facts.last_ms = report.last_ms;
    Json doc = render_simulation_json(setup, runs);
    doc["shard"] = shard_json(facts, runs);
    out.write(doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
    return exit_ok;
  }
  print_simulation(out, opts.format, setup, runs);
  return exit_ok;
}

} // namespace

void
setup_simulate(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "replay an access log through the config's cache model: hit ratio per rule");
  CLI::Option* log = cmd->add_option("--log", opts->log, "the access log, `-` for standard input")
                         ->type_name("FILE");
  const std::vector<std::string> formats(log_format_names().begin(), log_format_names().end());
  CLI::Option* log_format =
      cmd->add_option(
             "--log-format",
             opts->log_format,
             "log format: auto (default), common, combined, json, cloudflare, cloudfront or fastly")
          ->check(CLI::IsMember(formats))
          ->type_name("FORMAT");
  CLI::Option* purges =
      cmd->add_option("--purges", opts->purges, "purge events, `TIME TARGET` per line")
          ->type_name("FILE");
  CLI::Option* purge_every =
      cmd->add_option("--purge-every", opts->purge_every, "purge everything this often (e.g. 1h)")
          ->type_name("DURATION");
  CLI::Option* capacity =
      cmd->add_option("--capacity",
                      opts->capacity,
                      "cache size per PoP: N with B, KB, MB, GB or objects (default unlimited)")
          ->type_name("SIZE");
  CLI::Option* policy =
      cmd->add_option("--policy", opts->policy, "eviction of a full cache: lru (default) or sieve")
          ->check(CLI::IsMember({"lru", "sieve"}))
          ->type_name("POLICY");
  CLI::Option* pops = cmd->add_option("--pops",
                                      opts->pops,
                                      "independent caches, chosen by a hash of the client address")
                          ->check(CLI::Range(1U, 1000U))
                          ->type_name("N");
  CLI::Option* compare =
      cmd->add_option("--compare", opts->compare, "also replay through this config, side by side")
          ->type_name("OTHER.toml");
  cmd->add_option("--format", opts->format, "output format: text (default), json, markdown or html")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
      ->type_name("FORMAT");
  CLI::Option* shard =
      cmd->add_option(
             "--shard",
             opts->shard,
             "replay only shard I of N (split by cache key) and write its JSON for --merge")
          ->type_name("I/N");
  cmd->add_option("--merge",
                  opts->merge,
                  "no log: merge the JSON of every shard (--shard) into the whole log's results")
      ->type_name("SHARD.json")
      ->excludes(log)
      ->excludes(log_format)
      ->excludes(purges)
      ->excludes(purge_every)
      ->excludes(capacity)
      ->excludes(policy)
      ->excludes(pops)
      ->excludes(compare)
      ->excludes(shard);
  cmd->callback([&action, &globals, opts] {
    if (opts->log.empty() && opts->merge.empty()) {
      throw CLI::RequiredError("--log");
    }
    action = [&globals, opts] { return run_simulate(globals, *opts); };
  });
}

} // namespace cachectl::cli
