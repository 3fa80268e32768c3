// Fuzz target: access log records and their replay (`cachectl simulate`). The input is a format
// byte (auto, common, combined, json, cloudflare, cloudfront by its low 7 bits mod 6; the high
// bit picks SIEVE), then log lines (`#` lines go to the parser's header(), as the simulator does).
// Properties: a parsed record has a status of 100-599 and a non-empty target; a common/combined
// record's target lies inside its line; a cloudfront record has whole seconds and its target
// holds no tab; the simulator never refuses a line except for time order, counts
// every line it was given, notes at most noted_lines of each kind with line numbers it saw, and
// its counts add up (every request is a hit, stale hit, stale-if-error, miss or pass; origin
// requests are exactly the requests that were not fresh hits; hit bytes ≤ bytes).
#include "fuzz_support.hpp"

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/analysis/simulate.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using cachectl::fuzz::check;

namespace {

const char* const k_config = R"(version = 1
[bypass]
query = ["preview"]
[routes."/"]
max_age = 5
swr = 5
stale_if_error = 60
[routes."/p/[id]"]
max_age = 60
tags = ["p:{id}"]
[routes."/p/[id]".status]
404 = 1
[routes."/api/[...rest]"]
cache = false
)";

// Checks that the counts of a report add up.
void
check_counts(const cachectl::SimulationCounts& c)
{
  check(c.hits + c.stale_hits + c.stale_if_error + c.misses + c.passes == c.requests,
        "every request is counted once");
  check(c.origin_requests == c.requests - c.hits, "origin requests are the non-fresh-hits");
  check(c.hit_bytes <= c.bytes, "hit bytes are part of the bytes");
  check(c.hit_ratio() >= 0 && c.hit_ratio() <= 1, "the hit ratio is a ratio");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace cachectl;
  static const Config config = [] {
    auto c = parse_config(k_config, "cache.toml");
    check(c.has_value(), "the fuzz config loads");
    return std::move(*c);
  }();
  if (size < 1) {
    return 0;
  }
  static constexpr LogFormat k_formats[] = {LogFormat::automatic,
                                            LogFormat::common,
                                            LogFormat::combined,
                                            LogFormat::json,
                                            LogFormat::cloudflare,
                                            LogFormat::cloudfront};
  const LogFormat format = k_formats[(data[0] & 0x7F) % 6];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  AccessLogParser parser(format);
  SimulationSettings settings;
  settings.format = format;
  settings.pops = 2;
  settings.capacity = Capacity{Capacity::Unit::objects, 3};
  settings.eviction = data[0] & 0x80 ? Eviction::sieve : Eviction::lru;
  settings.purge_every_ms = 30'000;
  Simulator simulator(config, settings);
  std::size_t number = 0;
  bool refused = false;
  while (!text.empty() && !refused) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++number;
    if (AccessLogParser::skippable(line)) {
      (void)parser.header(line);
    } else {
      const auto record = parser.parse(line);
      if (record) {
        check(record->status >= 100 && record->status <= 599, "a status is 100-599", line);
        check(!record->target.empty(), "a record has a target", line);
        if (parser.format() == LogFormat::common || parser.format() == LogFormat::combined) {
          check(record->target.data() >= line.data() &&
                    record->target.data() + record->target.size() <= line.data() + line.size(),
                "a text record's target lies inside its line",
                line);
        }
        if (parser.format() == LogFormat::cloudfront) {
          check(record->time_ms % 1000 == 0, "a cloudfront time is whole seconds", line);
          check(record->target.find('\t') == std::string_view::npos,
                "a cloudfront target holds no tab",
                line);
        }
      }
    }
    const auto fed = simulator.feed(line, number);
    if (!fed) {
      check(fed.error().line == number, "a refusal names the line fed", line);
      check(fed.error().message.find("time order") != std::string::npos,
            "only time order refuses a log",
            fed.error().message);
      refused = true;
    }
  }
  const SimulationReport report = simulator.report();
  check(report.lines == number, "every line is counted");
  check(report.unparsable_lines.size() <= noted_lines &&
            report.reordered_lines.size() <= noted_lines,
        "at most noted_lines notes");
  for (const LineNote& note : report.unparsable_lines) {
    check(note.line >= 1 && note.line <= number, "a note names a line that was read");
  }
  check_counts(report.total);
  SimulationCounts sum;
  for (const RuleSimulation& rule : report.rules) {
    check_counts(rule.counts);
    sum.requests += rule.counts.requests;
  }
  check(sum.requests == report.total.requests, "the rules add up to the total");
  return 0;
}
