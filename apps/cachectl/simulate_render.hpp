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

} // namespace cachectl::cli
