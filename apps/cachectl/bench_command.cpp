// `cachectl bench`: how fast the compiled matcher is on a config (or synthetic rules), against
// the linear reference matcher.
#include "bench_log.hpp"
#include "cli.hpp"
#include "render.hpp"
#include "url_input.hpp"

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/bench/bench.hpp>
#include <cachectl/util/line_reader.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace cachectl::cli {

namespace {

struct BenchOptions {
  std::size_t rules = 0; // --rules N: synthetic rules instead of the config
  std::string routes;    // --routes FILE: one pattern per line instead of the config
  std::string urls;      // --urls FILE
  std::size_t synthetic = 1000;
  std::string baseline; // "" or "linear"
  std::string format = "text";
  std::string trailing_slash = "ignore";
  double min_time = 0.5;
  double max_time = 10.0;
  std::uint64_t seed = 1;
  LogBenchOptions log; // --log FILE: time replaying an access log instead
};

// The non-blank, non-comment lines of `path` (trimmed), or why it cannot be read. A line
// longer than `max_line` keeps only its start (URLs that long are refused when resolved) or,
// when `cut_is_error`, is an error.
std::expected<std::vector<std::string>, std::string>
read_list(const std::string& path, std::size_t max_line, bool cut_is_error)
{
  auto reader = LineReader::open(path, max_line);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  std::vector<std::string> lines;
  while (const auto line = reader->next()) {
    if (line->cut() && cut_is_error) {
      return std::unexpected(fmt::format(
          "{}:{}: line of {} bytes, longer than {}", path, line->number, line->bytes, max_line));
    }
    const std::string_view text = line->cut() ? line->text : trim_line(line->text);
    if (text.empty() || text.front() == '#') {
      continue;
    }
    lines.emplace_back(text);
  }
  if (!reader->error().empty()) {
    return std::unexpected(reader->error());
  }
  return lines;
}

// A byte count for people: 512 B, 41.2 KiB, 3.5 MiB.
std::string
bytes_text(std::int64_t bytes)
{
  const double b = static_cast<double>(bytes);
  const double magnitude = b < 0 ? -b : b;
  if (magnitude < 1024) {
    return fmt::format("{} B", bytes);
  }
  if (magnitude < 1024.0 * 1024) {
    return fmt::format("{:.1f} KiB", b / 1024);
  }
  return fmt::format("{:.1f} MiB", b / (1024.0 * 1024));
}

// A time per item with a sensible precision.
std::string
ns_text(double ns)
{
  return ns < 100 ? fmt::format("{:.1f} ns", ns) : fmt::format("{:.0f} ns", ns);
}

// One measurement as JSON.
Json
stats_json(const BenchStats& s)
{
  return Json{{"median_ns", s.median_ns},
              {"p99_ns", s.p99_ns},
              {"min_ns", s.min_ns},
              {"mean_ns", s.mean_ns},
              {"spread", s.spread},
              {"samples", s.samples},
              {"passes_per_sample", s.passes},
              {"items", s.items},
              {"per_second", s.median_ns > 0 ? 1e9 / s.median_ns : 0.0}};
}

// The report as one JSON document (stable keys, for CI trend tracking).
Json
report_json(const BenchReport& r, const BenchOptions& opts, const std::string& source)
{
  Json j;
  j["version"] = 1;
  j["source"] = source;
  j["rules"] = r.rules;
  j["urls"] = r.urls;
  j["paths"] = r.paths;
  j["matched"] = r.matched;
  j["compile_ms"] = r.compile_ms;
  j["memory"] = Json{{"heap_bytes", r.heap_bytes},
                     {"rss_delta_bytes", r.rss_delta_bytes},
                     {"matcher_bytes", r.matcher.heap_bytes},
                     {"nodes", r.matcher.nodes},
                     {"static_edges", r.matcher.static_edges},
                     {"program_rules", r.matcher.program_rules},
                     {"variable_nodes", r.matcher.variable_nodes}};
  j["lookup"] = stats_json(r.lookup);
  j["match"] = stats_json(r.match);
  j["rule_only"] = stats_json(r.rule_only);
  j["resolve"] = stats_json(r.resolve);
  j["policy"] = stats_json(r.policy);
  j["normalize"] = stats_json(r.normalize);
  j["normalize_full"] = stats_json(r.normalize_full);
  if (r.baseline) {
    j["baseline"] = stats_json(*r.baseline);
    j["baseline"]["kind"] = "linear";
    j["baseline"]["compile_ms"] = r.baseline_compile_ms.value_or(0.0);
    j["baseline"]["heap_bytes"] = r.baseline_heap_bytes.value_or(0);
    j["speedup"] = r.speedup ? Json(*r.speedup) : Json(nullptr);
    j["mismatches"] = r.mismatches;
  } else {
    j["baseline"] = nullptr;
    j["speedup"] = nullptr;
    j["mismatches"] = nullptr;
  }
  j["noise"] = r.noise;
  j["noisy"] = r.noisy;
  j["settings"] = Json{{"min_time_s", opts.min_time},
                       {"max_time_s", opts.max_time},
                       {"seed", opts.seed},
                       {"trailing_slash", opts.trailing_slash}};
  return j;
}

// The report for people.
std::string
report_text(const BenchReport& r, const Terminal& out, const std::string& source, double threshold)
{
  auto label = [&](std::string_view name) {
    return fmt::format("{}{}", out.paint(Style::bold, name), std::string(11 - name.size(), ' '));
  };
  auto line = [&](std::string_view name,
                  const BenchStats& s,
                  std::string_view unit,
                  std::string_view what) {
    return fmt::format("{}{}{} median  {} p99  {:.1f} M/s  {}\n",
                       label(name),
                       ns_text(s.median_ns),
                       unit,
                       ns_text(s.p99_ns),
                       s.median_ns > 0 ? 1e3 / s.median_ns : 0.0,
                       out.paint(Style::dim, what));
  };
  std::string text;
  text += fmt::format("{}{} rules, {} URLs ({}); {} reach the matcher, {} match a rule\n",
                      label("input"),
                      r.rules,
                      r.urls,
                      source,
                      r.paths,
                      r.matched);
  text += fmt::format("{}{:.2f} ms  {}\n",
                      label("compile"),
                      r.compile_ms,
                      out.paint(Style::dim,
                                fmt::format("({} trie nodes, {} static edges, {} rules with "
                                            "rest/mixed params)",
                                            r.matcher.nodes,
                                            r.matcher.static_edges,
                                            r.matcher.program_rules)));
  text += fmt::format(
      "{}{} allocated  {}  RSS +{}\n",
      label("memory"),
      bytes_text(r.heap_bytes),
      out.paint(Style::dim,
                fmt::format("({} own structures)",
                            bytes_text(static_cast<std::int64_t>(r.matcher.heap_bytes)))),
      bytes_text(r.rss_delta_bytes));
  if (r.paths == 0) {
    text += fmt::format("{}no input reaches the matcher: nothing to time\n", label("lookup"));
    return text;
  }
  text += line("lookup", r.lookup, "", "(winner + params, storage reused: match_into)");
  text += line("match", r.match, "", "(RuleMatcher::match, allocates the result)");
  text += line("rule only", r.rule_only, "", "(winner without params: match_rule)");
  text += line(
      "resolve", r.resolve, "/URL", "(resolve_into, storage reused: normalize + base + match)");
  text +=
      line("normalize", r.normalize, "/URL", "(normalize_url_into, reused: fast path, else full)");
  text += line("full norm.", r.normalize_full, "/URL", "(the full algorithm on every URL)");
  if (r.matched > 0) {
    text += line("policy", r.policy, "/URL", "(effective_options + expand_tags per matched URL)");
  }
  if (r.baseline) {
    text += line("baseline", *r.baseline, "", "(ReferenceMatcher::match, linear scan)");
    text += fmt::format(
        "{}{}  {}\n",
        label("speedup"),
        r.speedup ? fmt::format("{:.1f}x", *r.speedup) : std::string("-"),
        out.paint(Style::dim,
                  fmt::format("(baseline / match medians; baseline compile {:.2f} ms, {})",
                              r.baseline_compile_ms.value_or(0.0),
                              bytes_text(r.baseline_heap_bytes.value_or(0)))));
    if (r.mismatches > 0) {
      text += fmt::format("{}{}\n",
                          label("agreement"),
                          out.paint(Style::red,
                                    fmt::format("{} paths where the matchers disagree (a bug: "
                                                "please report it)",
                                                r.mismatches)));
    } else {
      text += fmt::format("{}both matchers agree on every path\n", label("agreement"));
    }
  }
  text += fmt::format(
      "{}{:.1f}% {}\n",
      label("noise"),
      r.noise * 100,
      out.paint(Style::dim,
                fmt::format("(largest (p90 - p10) / median; {}+ samples of >= 100 us per figure)",
                            r.lookup.samples)));
  if (r.noisy) {
    text += fmt::format("{} the machine was too noisy for stable numbers (spread {:.1f}% > "
                        "{:.0f}%): rerun on an idle machine or raise --min-time\n",
                        out.paint(Style::yellow, "note:"),
                        r.noise * 100,
                        threshold * 100);
  }
  return text;
}

int
run_bench_command(const GlobalOptions& globals, const BenchOptions& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (!opts.log.log.empty()) {
    if (opts.rules > 0 || !opts.routes.empty() || !opts.urls.empty() || !opts.baseline.empty()) {
      print_error(err,
                  "bench: --log times a log replay; --rules, --routes, --urls and --baseline "
                  "time the matcher");
      return exit_usage;
    }
    LogBenchOptions log = opts.log;
    log.format = opts.format;
    return run_log_bench(globals, log);
  }
  if (opts.rules > 0 && !opts.routes.empty()) {
    print_error(err, "bench: --rules and --routes exclude each other");
    return exit_usage;
  }
  const TrailingSlash mode =
      parse_trailing_slash(opts.trailing_slash).value_or(TrailingSlash::ignore);
  Config config;
  std::string source;
  if (opts.rules > 0) {
    config = synthetic_config(opts.rules, opts.seed, mode);
    source = fmt::format("{} synthetic rules, seed {}", opts.rules, opts.seed);
  } else if (!opts.routes.empty()) {
    const auto patterns = read_list(opts.routes, std::size_t{1} << 20, true);
    if (!patterns) {
      print_error(err, fmt::format("bench: --routes: {}", printable(patterns.error())));
      return exit_io;
    }
    auto loaded = config_from_patterns(*patterns, mode);
    if (!loaded) {
      print_error(err, fmt::format("bench: {}: {}", opts.routes, loaded.error()));
      return exit_usage;
    }
    config = std::move(*loaded);
    source = fmt::format("routes {}", opts.routes);
  } else {
    auto loaded = load_config_or_report(globals, err);
    if (!loaded) {
      return exit_config;
    }
    config = std::move(*loaded);
    source = fmt::format("config {}", config.file);
  }
  std::vector<std::string> urls;
  if (!opts.urls.empty()) {
    auto list = read_list(opts.urls, max_input_line(), false);
    if (!list) {
      print_error(err, fmt::format("bench: --urls: {}", printable(list.error())));
      return exit_io;
    }
    urls = std::move(*list);
    source += fmt::format(", URLs {}", opts.urls);
  } else {
    urls = synthetic_urls(config, opts.synthetic, opts.seed);
    source += fmt::format(", {} URLs synthesized from the patterns", urls.size());
  }
  if (!globals.quiet && opts.format == "text") {
    err.write(out.paint(Style::dim,
                        fmt::format("measuring {} rules x {} URLs{}...\n",
                                    config.rules.size(),
                                    urls.size(),
                                    opts.baseline.empty() ? "" : " (with baseline)")));
  }
  BenchSettings settings;
  settings.min_time_s = opts.min_time;
  settings.max_time_s = std::max(opts.max_time, opts.min_time);
  settings.baseline = opts.baseline == "linear";
  const BenchReport report = run_bench(config, urls, settings);
  if (opts.format == "json") {
    const std::string text = report_json(report, opts, source).dump(2) + "\n";
    out.write(text);
  } else {
    out.write(report_text(report, out, source, settings.noisy_spread));
  }
  return report.mismatches > 0 ? exit_findings : exit_ok;
}

} // namespace

void
setup_bench(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "measure rule compilation, lookup and policy cost, optionally against a baseline");
  cmd->add_option("--rules", opts->rules, "use N synthetic rules instead of the config")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  cmd->add_option("--routes", opts->routes, "use the patterns of FILE (one per line) as rules")
      ->type_name("FILE");
  cmd->add_option("--urls", opts->urls, "request URLs or paths, one per line ('#' comments)")
      ->type_name("FILE");
  cmd->add_option("--synthetic",
                  opts->synthetic,
                  "without --urls: synthesize N URLs from the patterns (default 1000)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  cmd->add_option("--baseline", opts->baseline, "also time the reference matcher: linear")
      ->check(CLI::IsMember({"linear"}))
      ->type_name("KIND");
  cmd->add_option("--format", opts->format, "output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->type_name("FORMAT");
  cmd->add_option("--trailing-slash",
                  opts->trailing_slash,
                  "mode for --rules and --routes: ignore (default), always or never")
      ->check(CLI::IsMember({"ignore", "always", "never"}))
      ->type_name("MODE");
  cmd->add_option("--min-time", opts->min_time, "seconds timed per figure (default 0.5)")
      ->type_name("S")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--max-time",
                  opts->max_time,
                  "seconds after which a slow figure stops with few samples (default 10)")
      ->type_name("S")
      ->check(CLI::Range(0.0, 36000.0));
  cmd->add_option("--seed", opts->seed, "seed of synthetic rules and URLs (default 1)")
      ->type_name("N");
  cmd->add_option("--log",
                  opts->log.log,
                  "time reading, parsing and simulating this access log instead (as simulate)")
      ->type_name("FILE");
  const std::vector<std::string> formats(log_format_names().begin(), log_format_names().end());
  cmd->add_option("--log-format", opts->log.log_format, "with --log: as simulate --log-format")
      ->check(CLI::IsMember(formats))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_bench_command(globals, *opts); };
  });
}

} // namespace cachectl::cli
