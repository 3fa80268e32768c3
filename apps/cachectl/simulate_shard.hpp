// The shard file of `cachectl simulate --shard I/N`: the JSON document of the shard's own
// results (render_simulation_json: its `log` and `settings` are the whole replay's) with a
// `shard` member that holds what `--merge` needs besides to rebuild the whole log's report (the
// whole-log facts, the raw counts and the minute series).
#pragma once

#include "render.hpp"
#include "simulate_render.hpp"

#include <cachectl/analysis/simulate_merge.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl::cli {

/// The version of the `shard` member; --merge refuses any other.
inline constexpr int k_shard_format_version = 1;

/// One shard file as read back.
struct ShardFile {
  SimulationSetup setup;
  std::vector<std::string> configs; ///< the config as given, then --compare's
  ShardInput input;                 ///< its facts and reports; `name` left to the caller
};

/// The raw counts of a row (requests … hit bytes): a shard file's rows, and the first members
/// of every row of `--format json`.
Json raw_counts_json(const SimulationCounts& counts);

/// The `shard` member of a shard's JSON document.
Json shard_json(const ShardFacts& facts, const std::vector<SimulationRun>& runs);

/// Reads a shard file's text (the whole JSON document); the error says what is wrong with it.
std::expected<ShardFile, std::string> read_shard(std::string_view text);

} // namespace cachectl::cli
