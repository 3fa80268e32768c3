// The outputs of `cachectl simulate`: a text table, one JSON document, a Markdown table (the
// one to paste into a pull request), each for one config or two side by side (--compare).
#pragma once

#include "render.hpp"

#include <cachectl/analysis/simulate.hpp>

#include <string>
#include <vector>

namespace cachectl::cli {

/// One config's simulation, as rendered.
struct SimulationRun {
  std::string config; ///< the config file as given
  SimulationReport report;
};

/// What the renderers say about the run besides the results.
struct SimulationSetup {
  std::string log;        ///< the log as given (`-` for standard input)
  std::string log_format; ///< the format used (after auto-detection)
  std::string capacity;   ///< as given, or "unlimited"
  std::string policy;     ///< lru or sieve
  unsigned pops = 1;
  std::int64_t purge_every_s = 0; ///< 0: none
  std::size_t purge_events = 0;   ///< lines of --purges
};

/// `12.3%`.
std::string percent(double ratio);

/// The change of a ratio in percentage points: `+4.5 pp`, `-0.3 pp`, `±0.0 pp`.
std::string points(double before, double after);

/// The change of a count: `+12`, `-3`, `0`.
std::string signed_count(std::uint64_t before, std::uint64_t after);

/// The name of a rule row: its pattern, or `(no rule)`.
std::string rule_name(const RuleSimulation& rule);

/// The row of `pattern` in `report`, or null.
const RuleSimulation* find_rule(const SimulationReport& report, const std::string& pattern);

/// Rule patterns of the runs: the first's in its order, then those only a later one has; the
/// no-rule row (empty pattern) last.
std::vector<std::string> union_of_rules(const std::vector<SimulationRun>& runs);

/// The time span of the log: `Wed, 01 May 2024 10:00:00 GMT to Wed, 01 May 2024 11:59:59 GMT`.
std::string span_text(const SimulationReport& report);

/// The settings in one line: PoPs, capacity (and policy), purges.
std::string settings_text(const SimulationSetup& setup);

/// The text table: one row per rule with requests, hit ratios, counts and origin load; with two
/// runs, the hit ratio and origin requests of both and the difference.
std::string render_simulation_text(const SimulationSetup& setup,
                                   const std::vector<SimulationRun>& runs);

/// One JSON document: `version`, `log`, `settings`, and `results` (one per config, the
/// --compare config second), each with `total` and `rules`.
Json render_simulation_json(const SimulationSetup& setup, const std::vector<SimulationRun>& runs);

/// A Markdown table (GitHub flavour): per rule, or with two runs both and the difference.
std::string render_simulation_markdown(const SimulationSetup& setup,
                                       const std::vector<SimulationRun>& runs);

/// One self-contained HTML document (no external resources, deterministic): the overall
/// numbers, the per-rule tables, the hit ratio over time as inline SVG; with two runs both
/// curves in one chart and the difference per rule. Every config and log string is escaped.
std::string render_simulation_html(const SimulationSetup& setup,
                                   const std::vector<SimulationRun>& runs);

} // namespace cachectl::cli
