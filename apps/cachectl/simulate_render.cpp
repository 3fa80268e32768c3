#include "simulate_render.hpp"

#include "simulate_shard.hpp"
#include "terminal.hpp"

#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace cachectl::cli {

// `12.3%`.
std::string
percent(double ratio)
{
  return fmt::format("{:.1f}%", ratio * 100.0);
}

// `+4.5 pp` / `-0.3 pp` / `±0.0 pp`.
std::string
points(double before, double after)
{
  const double delta = (after - before) * 100.0;
  if (std::abs(delta) < 0.05) {
    return "±0.0 pp";
  }
  return fmt::format("{:+.1f} pp", delta);
}

// `+12` / `-3` / `0`.
std::string
signed_count(std::uint64_t before, std::uint64_t after)
{
  const auto delta = static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
  return delta == 0 ? std::string("0") : fmt::format("{:+}", delta);
}

// The name of a rule row: its pattern, or `(no rule)`.
std::string
rule_name(const RuleSimulation& rule)
{
  return rule.pattern.empty() ? std::string("(no rule)") : rule.pattern;
}

// The row of `pattern` in `report`, or null.
const RuleSimulation*
find_rule(const SimulationReport& report, const std::string& pattern)
{
  const auto it = std::find_if(report.rules.begin(), report.rules.end(), [&](const auto& rule) {
    return rule.pattern == pattern;
  });
  return it == report.rules.end() ? nullptr : &*it;
}

// Rule patterns of both runs: the first's in its order, then those only the second has.
std::vector<std::string>
union_of_rules(const std::vector<SimulationRun>& runs)
{
  std::vector<std::string> patterns;
  for (const SimulationRun& run : runs) {
    for (const RuleSimulation& rule : run.report.rules) {
      if (std::find(patterns.begin(), patterns.end(), rule.pattern) == patterns.end()) {
        patterns.push_back(rule.pattern);
      }
    }
  }
  // The no-rule row last.
  std::stable_partition(
      patterns.begin(), patterns.end(), [](const std::string& p) { return !p.empty(); });
  return patterns;
}

namespace {

// Lays out rows of cells as columns, the first left-aligned and the others right-aligned.
std::string
table(const std::vector<std::vector<std::string>>& rows)
{
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += i == 0 ? fmt::format("{:<{}}", row[i], widths[i])
                     : fmt::format("  {:>{}}", row[i], widths[i]);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

} // namespace

// `Wed, 01 May 2024 10:00:00 GMT to Wed, 01 May 2024 11:59:59 GMT`.
std::string
span_text(const SimulationReport& report)
{
  return fmt::format("{} to {}",
                     format_imf_fixdate(report.first_ms / 1000),
                     format_imf_fixdate(report.last_ms / 1000));
}

// The settings line.
std::string
settings_text(const SimulationSetup& setup)
{
  std::string text =
      fmt::format("{} PoP{}, capacity {}", setup.pops, setup.pops == 1 ? "" : "s", setup.capacity);
  if (setup.capacity != "unlimited") {
    text += fmt::format(" ({})", setup.policy);
  }
  if (setup.purge_events > 0) {
    text +=
        fmt::format(", {} purge event{}", setup.purge_events, setup.purge_events == 1 ? "" : "s");
  }
  if (setup.purge_every_s > 0) {
    text += fmt::format(", purge everything every {} s", setup.purge_every_s);
  }
  return text;
}

namespace {

// The counts of one row as JSON.
Json
counts_json(const SimulationCounts& c, const OriginLoad& origin)
{
  Json row = raw_counts_json(c);
  row["hit_ratio"] = c.hit_ratio();
  row["byte_hit_ratio"] = c.byte_hit_ratio();
  row["origin_rps_peak"] = origin.peak;
  row["origin_rps_p99"] = origin.p99;
  return row;
}

} // namespace

std::string
render_simulation_text(const SimulationSetup& setup, const std::vector<SimulationRun>& runs)
{
  const SimulationReport& first = runs.front().report;
  std::string out = fmt::format("{} requests from {} ({}, {}), {}\n",
                                first.total.requests,
                                printable(setup.log),
                                setup.log_format,
                                span_text(first),
                                settings_text(setup));
  std::vector<std::vector<std::string>> rows;
  if (runs.size() == 1) {
    rows.push_back({"RULE",
                    "REQUESTS",
                    "HIT",
                    "BYTE HIT",
                    "HITS",
                    "STALE",
                    "MISSES",
                    "PASSES",
                    "ORIGIN/S PEAK",
                    "P99",
                    "WHERE"});
    const auto row = [&](const std::string& name,
                         const SimulationCounts& c,
                         const OriginLoad& origin,
                         const std::string& where) {
      rows.push_back({name,
                      std::to_string(c.requests),
                      percent(c.hit_ratio()),
                      percent(c.byte_hit_ratio()),
                      std::to_string(c.hits),
                      std::to_string(c.stale_hits + c.stale_if_error),
                      std::to_string(c.misses),
                      std::to_string(c.passes),
                      fmt::format("{:.2f}", origin.peak),
                      fmt::format("{:.2f}", origin.p99),
                      where});
    };
    for (const RuleSimulation& rule : first.rules) {
      row(printable(rule_name(rule)), rule.counts, rule.origin, printable(rule.where));
    }
    row("total", first.total, first.origin, "");
  } else {
    const SimulationReport& second = runs[1].report;
    out += fmt::format("A = {}, B = {}\n", printable(runs[0].config), printable(runs[1].config));
    rows.push_back({"RULE", "REQUESTS", "HIT A", "HIT B", "DIFF", "ORIGIN A", "ORIGIN B", "DIFF"});
    const auto row =
        [&](const std::string& name, const SimulationCounts& a, const SimulationCounts& b) {
          rows.push_back({name,
                          std::to_string(std::max(a.requests, b.requests)),
                          percent(a.hit_ratio()),
                          percent(b.hit_ratio()),
                          points(a.hit_ratio(), b.hit_ratio()),
                          std::to_string(a.origin_requests),
                          std::to_string(b.origin_requests),
                          signed_count(a.origin_requests, b.origin_requests)});
        };
    const SimulationCounts none;
    for (const std::string& pattern : union_of_rules(runs)) {
      const RuleSimulation* a = find_rule(first, pattern);
      const RuleSimulation* b = find_rule(second, pattern);
      row(printable(pattern.empty() ? std::string("(no rule)") : pattern),
          a != nullptr ? a->counts : none,
          b != nullptr ? b->counts : none);
    }
    row("total", first.total, second.total);
  }
  out += table(rows);
  return out;
}

Json
render_simulation_json(const SimulationSetup& setup, const std::vector<SimulationRun>& runs)
{
  const SimulationReport& first = runs.front().report;
  Json unparsable = Json::array();
  for (const LineNote& note : first.unparsable_lines) {
    unparsable.push_back(Json{{"line", note.line}, {"message", note.message}});
  }
  Json reordered = Json::array();
  for (const LineNote& note : first.reordered_lines) {
    reordered.push_back(Json{{"line", note.line}, {"message", note.message}});
  }
  Json doc{{"version", 1},
           {"log",
            Json{{"file", setup.log},
                 {"format", setup.log_format},
                 {"lines", first.lines},
                 {"unparsable", first.unparsable},
                 {"unparsable_lines", unparsable},
                 {"reordered", first.reordered},
                 {"reordered_lines", reordered},
                 {"first", format_imf_fixdate(first.first_ms / 1000)},
                 {"last", format_imf_fixdate(first.last_ms / 1000)}}},
           {"settings",
            Json{{"capacity", setup.capacity},
                 {"policy", setup.policy},
                 {"pops", setup.pops},
                 {"purge_every", setup.purge_every_s},
                 {"purge_events", setup.purge_events}}}};
  Json results = Json::array();
  for (const SimulationRun& run : runs) {
    const SimulationReport& r = run.report;
    Json rules = Json::array();
    for (const RuleSimulation& rule : r.rules) {
      Json row{{"pattern", rule.pattern.empty() ? Json(nullptr) : Json(rule.pattern)},
               {"where", rule.where.empty() ? Json(nullptr) : Json(rule.where)}};
      row.update(counts_json(rule.counts, rule.origin));
      rules.push_back(std::move(row));
    }
    results.push_back(Json{{"config", run.config},
                           {"total", counts_json(r.total, r.origin)},
                           {"purges", r.purges},
                           {"purged_objects", r.purged_objects},
                           {"evictions", r.evictions},
                           {"rules", std::move(rules)}});
  }
  doc["results"] = std::move(results);
  return doc;
}

std::string
render_simulation_markdown(const SimulationSetup& setup, const std::vector<SimulationRun>& runs)
{
  const SimulationReport& first = runs.front().report;
  // `|` inside a cell would end it; patterns never hold one, but escape to be safe.
  const auto cell = [](std::string text) {
    std::string out;
    for (const char c : text) {
      out += c == '|' ? std::string("\\|") : std::string(1, c);
    }
    return out;
  };
  std::string out;
  if (runs.size() == 1) {
    out += fmt::format("Simulated {} requests from `{}` ({}).\n\n",
                       first.total.requests,
                       cell(setup.log),
                       settings_text(setup));
    out += "| rule | requests | hit ratio | byte hit ratio | origin requests | origin/s peak |\n";
    out += "|---|---:|---:|---:|---:|---:|\n";
    const auto row =
        [&](const std::string& name, const SimulationCounts& c, const OriginLoad& origin) {
          out += fmt::format("| {} | {} | {} | {} | {} | {:.2f} |\n",
                             name,
                             c.requests,
                             percent(c.hit_ratio()),
                             percent(c.byte_hit_ratio()),
                             c.origin_requests,
                             origin.peak);
        };
    for (const RuleSimulation& rule : first.rules) {
      row(rule.pattern.empty() ? "(no rule)" : fmt::format("`{}`", cell(rule.pattern)),
          rule.counts,
          rule.origin);
    }
    row("**total**", first.total, first.origin);
    return out;
  }
  const SimulationReport& second = runs[1].report;
  out += fmt::format("Simulated {} requests from `{}` ({}): `{}` → `{}`.\n\n",
                     first.total.requests,
                     cell(setup.log),
                     settings_text(setup),
                     cell(runs[0].config),
                     cell(runs[1].config));
  out += "| rule | requests | hit ratio before | hit ratio after | change | origin requests "
         "before | after | change |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  const auto row =
      [&](const std::string& name, const SimulationCounts& a, const SimulationCounts& b) {
        out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                           name,
                           std::max(a.requests, b.requests),
                           percent(a.hit_ratio()),
                           percent(b.hit_ratio()),
                           points(a.hit_ratio(), b.hit_ratio()),
                           a.origin_requests,
                           b.origin_requests,
                           signed_count(a.origin_requests, b.origin_requests));
      };
  const SimulationCounts none;
  for (const std::string& pattern : union_of_rules(runs)) {
    const RuleSimulation* a = find_rule(first, pattern);
    const RuleSimulation* b = find_rule(second, pattern);
    row(pattern.empty() ? "(no rule)" : fmt::format("`{}`", cell(pattern)),
        a != nullptr ? a->counts : none,
        b != nullptr ? b->counts : none);
  }
  row("**total**", first.total, second.total);
  return out;
}

} // namespace cachectl::cli
