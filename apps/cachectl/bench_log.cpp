#include "bench_log.hpp"

#include "render.hpp"
#include "terminal.hpp"

#include <cachectl/analysis/simulate.hpp>
#include <cachectl/util/line_reader.hpp>

#include <fmt/format.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace cachectl::cli {

namespace {

using Clock = std::chrono::steady_clock;

// Log lines longer than this are cut (as `simulate` does).
constexpr std::size_t k_max_log_line = 64 * 1024;

// Peak resident set of the process so far, in bytes.
std::int64_t
peak_rss_bytes()
{
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
}

// CPU seconds (user + system) the process has used so far.
double
cpu_seconds()
{
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// One timed pass over the log.
struct Pass {
  std::string name;
  std::string what;
  double seconds = 0;     ///< wall clock
  double cpu_seconds = 0; ///< user + system: what the pass costs on a busy machine
  std::uint64_t lines = 0;
  std::int64_t peak_rss = 0;
};

// Runs `each` on every line of the log; the pass, or why the log could not be read.
template <typename Each>
std::expected<Pass, std::string>
timed(const std::string& path, std::string name, std::string what, Each each)
{
  auto reader = LineReader::open(path, k_max_log_line);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  Pass pass{std::move(name), std::move(what)};
  const Clock::time_point start = Clock::now();
  const double cpu_start = cpu_seconds();
  while (const auto line = reader->next()) {
    each(line->text, line->number);
    ++pass.lines;
  }
  pass.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  pass.cpu_seconds = cpu_seconds() - cpu_start;
  if (!reader->error().empty()) {
    return std::unexpected(reader->error());
  }
  pass.peak_rss = peak_rss_bytes();
  return pass;
}

// Replays the log as `simulate` does, read and parsed on a second thread; the pass, or why the
// log could not be read.
std::expected<Pass, std::string>
timed_pipeline(const std::string& path, LogFormat format, Simulator& simulator)
{
  auto reader = LineReader::open(path, k_max_log_line);
  if (!reader) {
    return std::unexpected(reader.error());
  }
  Pass pass{"pipelined",
            "(the same as simulate runs it: read + parse on a second thread, Simulator::feed on "
            "this one)"};
  const Clock::time_point start = Clock::now();
  const double cpu_start = cpu_seconds();
  const ParsedLogEnd end = read_parsed_log(*reader, format, [&](std::span<const ParsedLine> lines) {
    for (const ParsedLine& line : lines) {
      (void)simulator.feed(line); // a refused log was reported by the single-thread pass
    }
    pass.lines += lines.size();
    return true;
  });
  pass.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  pass.cpu_seconds = cpu_seconds() - cpu_start;
  if (!end.error.empty()) {
    return std::unexpected(end.error);
  }
  pass.peak_rss = peak_rss_bytes();
  return pass;
}

// Lines per second of a pass over `seconds`.
double
rate(const Pass& pass, double seconds)
{
  return seconds > 0 ? static_cast<double>(pass.lines) / seconds : 0.0;
}

} // namespace

int
run_log_bench(const GlobalOptions& globals, const LogBenchOptions& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (opts.log == "-") {
    print_error(err, "bench: --log needs a file (it is read four times), not standard input");
    return exit_usage;
  }
  const auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const LogFormat format = parse_log_format(opts.log_format).value_or(LogFormat::automatic);
  std::vector<Pass> passes;
  const auto add = [&](std::expected<Pass, std::string> pass) {
    if (!pass) {
      print_error(err, fmt::format("bench: {}", printable(pass.error())));
      return false;
    }
    passes.push_back(std::move(*pass));
    return true;
  };
  std::uint64_t bytes = 0;
  if (!add(timed(opts.log, "read", "(LineReader: lines only)", [&](std::string_view line, auto) {
        bytes += line.size() + 1;
      }))) {
    return exit_io;
  }
  AccessLogParser parser(format);
  std::uint64_t records = 0;
  std::uint64_t unparsable = 0;
  if (!add(timed(
          opts.log, "parse", "(read + AccessLogParser::parse)", [&](std::string_view line, auto) {
            if (AccessLogParser::skippable(line)) {
              (void)parser.header(line);
            } else if (parser.parse(line)) {
              ++records;
            } else {
              ++unparsable;
            }
          }))) {
    return exit_io;
  }
  SimulationSettings settings;
  settings.format = format;
  Simulator simulator(*config, settings);
  std::optional<LineNote> refused;
  if (!add(timed(opts.log,
                 "simulate",
                 "(read + parse + Simulator::feed: the cache model, one PoP, unlimited)",
                 [&](std::string_view line, std::size_t number) {
                   if (!refused) {
                     if (auto fed = simulator.feed(line, number); !fed) {
                       refused = std::move(fed.error());
                     }
                   }
                 }))) {
    return exit_io;
  }
  if (refused) {
    print_error(
        err,
        fmt::format(
            "bench: {}:{}: {}", printable(opts.log), refused->line, printable(refused->message)));
    return exit_io;
  }
  Simulator pipelined(*config, settings);
  if (!add(timed_pipeline(opts.log, format, pipelined))) {
    return exit_io;
  }
  // LogFormat's values follow the order of log_format_names().
  const std::string_view format_name =
      log_format_names()[static_cast<std::size_t>(parser.format())];
  if (opts.format == "json") {
    Json doc{{"version", 1},
             {"log", opts.log},
             {"config", config->file},
             {"format", format_name},
             {"bytes", bytes},
             {"lines", passes.front().lines},
             {"records", records},
             {"unparsable", unparsable}};
    for (const Pass& pass : passes) {
      doc[pass.name] = Json{{"seconds", pass.seconds},
                            {"cpu_seconds", pass.cpu_seconds},
                            {"lines_per_second", rate(pass, pass.seconds)},
                            {"lines_per_cpu_second", rate(pass, pass.cpu_seconds)},
                            {"peak_rss_bytes", pass.peak_rss}};
    }
    out.write(doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
    return exit_ok;
  }
  std::string text =
      fmt::format("log       {} ({}): {} lines ({:.1f} MiB), {} records, {} unparsable\n",
                  printable(opts.log),
                  format_name,
                  passes.front().lines,
                  static_cast<double>(bytes) / (1024.0 * 1024.0),
                  records,
                  unparsable);
  for (const Pass& pass : passes) {
    text += fmt::format("{:<9} {:.3f} s  {:.2f} M lines/s  CPU {:.3f} s  {:.2f} M lines/CPU s  "
                        "peak RSS {:.1f} MiB  {}\n",
                        pass.name,
                        pass.seconds,
                        rate(pass, pass.seconds) / 1e6,
                        pass.cpu_seconds,
                        rate(pass, pass.cpu_seconds) / 1e6,
                        static_cast<double>(pass.peak_rss) / (1024.0 * 1024.0),
                        out.paint(Style::dim, pass.what));
  }
  out.write(text);
  return exit_ok;
}

} // namespace cachectl::cli
