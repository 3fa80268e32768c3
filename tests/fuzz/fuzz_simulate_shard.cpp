// Fuzz target: the shard files of `cachectl simulate --shard I/N`, as `--merge` reads them (the
// reader of apps/cachectl/simulate_shard.cpp, compiled in). The input is one file (any bytes).
// Properties: a refusal is one non-empty line; a file read is shard `index` < `count` with one
// or two runs, its minute series in order; written back with shard_json it reads back to the
// same facts, settings and counts; merged on its own it is refused unless it is shard 0/1, and a
// merge counts every request of the log once, its rules adding up to its total, its minutes ending
// at the log's last request.
#include "fuzz_support.hpp"
#include "simulate_shard.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using cachectl::fuzz::check;

namespace {

// Whether the counts and series of two reports are the same.
bool
same_report(const cachectl::SimulationReport& a, const cachectl::SimulationReport& b)
{
  if (a.total.requests != b.total.requests || a.total.hits != b.total.hits ||
      a.total.origin_requests != b.total.origin_requests || a.minutes != b.minutes ||
      a.rules.size() != b.rules.size() || a.purges != b.purges || a.lines != b.lines) {
    return false;
  }
  for (std::size_t i = 0; i < a.rules.size(); ++i) {
    if (a.rules[i].pattern != b.rules[i].pattern ||
        a.rules[i].counts.requests != b.rules[i].counts.requests ||
        a.rules[i].origin_minutes != b.rules[i].origin_minutes) {
      return false;
    }
  }
  return true;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace cachectl;
  using namespace cachectl::cli;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto file = read_shard(text);
  if (!file) {
    check(!file.error().empty() && file.error().find('\n') == std::string::npos,
          "a refusal is one non-empty line",
          file.error());
    return 0;
  }
  const ShardFacts& facts = file->input.facts;
  check(facts.spec.count >= 1 && facts.spec.index < facts.spec.count, "index < count");
  check(!file->input.reports.empty() && file->input.reports.size() <= 2, "one or two runs");
  check(file->configs.size() == file->input.reports.size(), "a config name per run");
  for (const SimulationReport& report : file->input.reports) {
    for (const RuleSimulation& rule : report.rules) {
      for (std::size_t i = 1; i < rule.origin_minutes.size(); ++i) {
        check(rule.origin_minutes[i - 1].first < rule.origin_minutes[i].first,
              "origin minutes in order");
      }
    }
    for (std::size_t i = 1; i < report.minutes.size(); ++i) {
      check(report.minutes[i - 1].minute < report.minutes[i].minute, "minutes in order");
    }
  }

  // Written back and read again: the same shard.
  std::vector<SimulationRun> runs;
  for (std::size_t i = 0; i < file->input.reports.size(); ++i) {
    runs.push_back({file->configs[i], file->input.reports[i]});
  }
  Json doc = Json::parse(text); // its `log` and `settings` kept
  doc["shard"] = shard_json(facts, runs);
  const auto again = read_shard(doc.dump(-1, ' ', false, Json::error_handler_t::replace));
  check(again.has_value(), "a shard written back reads back", again ? "" : again.error());
  const ShardFacts& back = again->input.facts;
  check(back.spec.index == facts.spec.index && back.spec.count == facts.spec.count &&
            back.log_fingerprint == facts.log_fingerprint &&
            back.config_fingerprint == facts.config_fingerprint &&
            back.log_requests == facts.log_requests && back.first_ms == facts.first_ms,
        "the facts read back are the same");
  check(again->setup.log == file->setup.log && again->setup.pops == file->setup.pops,
        "the settings read back are the same");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    check(same_report(again->input.reports[i], file->input.reports[i]),
          "the counts read back are the same");
  }

  ShardInput input = file->input;
  input.name = "fuzz.json";
  const auto merged = merge_reports({input});
  if (merged) {
    check(facts.spec.count == 1, "one shard of several never merges alone");
    for (const SimulationReport& report : *merged) {
      check(report.total.requests == facts.log_requests, "a merge counts every request of the log");
      std::uint64_t sum = 0;
      for (const RuleSimulation& rule : report.rules) {
        sum += rule.counts.requests;
      }
      check(sum == report.total.requests, "the merged rules add up to the total");
      check(report.first_ms <= report.last_ms &&
                (report.minutes.empty() ||
                 report.minutes.back().minute == (static_cast<std::uint64_t>(report.last_ms) -
                                                  static_cast<std::uint64_t>(report.first_ms)) /
                                                     60'000),
            "the merged minutes end at the log's last request");
    }
  } else {
    check(!merged.error().empty(), "a merge refusal says why");
  }
  return 0;
}
