// `cachectl simulate --shard I/N` and `--merge`: a log replayed in N parts split by cache key
// (each part reads the whole log, replays only its keys) and the parts summed into the report
// of the whole log, the derived figures (ratios, origin peak and p99) computed after the sum.
#pragma once

#include <cachectl/analysis/simulate.hpp>

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// The shard hash as shard files name it: FNV-1a 64 of the cache key's lowercased host, a tab
/// and its normalized path, modulo the number of shards.
inline constexpr std::string_view shard_hash_name = "fnv1a64(host TAB path) mod N";

/// FNV-1a 64 of `text`, continuing from `hash`: the same on every machine.
std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash = 14695981039346656037ULL);

/// A fingerprint of `text` (one piece of a file, e.g. a line), continuing from `hash`: eight
/// bytes at a time (little-endian on every machine), several times faster than fnv1a64, for
/// recognizing the same log in every shard at little cost; not the shard hash.
std::uint64_t fingerprint64(std::string_view text, std::uint64_t hash = 0);

/// The shard hash of a cache key's (lowercased) host and (normalized) path.
std::uint64_t shard_hash(std::string_view host, std::string_view path);

/// Which part of a sharded replay: `index` of `count` (0 ≤ index < count).
struct ShardSpec {
  unsigned index = 0;
  unsigned count = 1;
};

/// The most shards `--shard` takes.
inline constexpr unsigned max_shards = 100'000;

/// Parses `I/N` (`0/4` … `3/4`); the error says what is wrong.
std::expected<ShardSpec, std::string> parse_shard_spec(std::string_view text);

/// The fingerprint of a purge schedule (the events in time order, and the period of
/// --purge-every), so that shards replayed with different purges are not merged.
std::uint64_t purge_fingerprint(const SimulationSettings& settings);

/// What every shard of one replay must agree on (they all read the whole log).
struct ShardFacts {
  ShardSpec spec;
  std::string hash{shard_hash_name};
  std::uint64_t config_fingerprint = 0;  ///< of the config file's bytes
  std::uint64_t compare_fingerprint = 0; ///< of the --compare config's bytes; 0 without
  std::uint64_t log_fingerprint = 0;     ///< of the log's lines
  std::uint64_t purge_fingerprint = 0;   ///< purge_fingerprint()
  /// The other settings that shape the results (PoPs, capacity, log format), in one line.
  std::string settings;
  std::uint64_t lines = 0;        ///< lines of the log
  std::uint64_t log_requests = 0; ///< request lines of the whole log
  std::int64_t first_ms = 0;
  std::int64_t last_ms = 0;
};

/// One shard as read back: where from (for messages), its facts, its reports (the config's,
/// then the --compare config's).
struct ShardInput {
  std::string name;
  ShardFacts facts;
  std::vector<SimulationReport> reports;
};

/// Adds the origin minutes `from` into `into` (both in minute order).
void add_origin_minutes(OriginMinutes& into, const OriginMinutes& from);

/// Adds the request minutes `from` into `into` (both in minute order).
void add_minute_counts(std::vector<MinuteCount>& into, const std::vector<MinuteCount>& from);

/// The reports of the whole log from its shards: checks that the shards are shards 0…N-1 of
/// one replay, each once, that they agree on every whole-log fact and that their counts add up
/// to the log's requests, then sums them and derives ratios and origin load from the sums. The
/// error names the shard and the fact.
std::expected<std::vector<SimulationReport>, std::string>
merge_reports(const std::vector<ShardInput>& shards);

} // namespace cachectl
