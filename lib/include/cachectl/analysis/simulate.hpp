// `cachectl simulate`: an access log replayed in time order through a model of a CDN cache
// driven by the config, counted overall and per rule.
#pragma once

#include <cachectl/analysis/access_record.hpp>
#include <cachectl/analysis/cache_model.hpp>
#include <cachectl/analysis/parsed_log.hpp>
#include <cachectl/config/config.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cachectl {

/// How far back in time a log line may go and still be replayed (at the latest time seen):
/// 60 s. A line further back stops the simulation.
inline constexpr std::int64_t reorder_window_ms = 60'000;

/// The decision memo's default number of slots (at most a few MiB: see request_memo.hpp).
inline constexpr std::size_t default_memo_slots = 1U << 14;

/// How many line numbers of unparsable or reordered lines a report keeps.
inline constexpr std::size_t noted_lines = 5;

/// One purge of `--purges FILE` (`TIME TARGET`, the target in the `purge --from` format; the
/// CLI parses and checks it with the purge module and hands over kind and value).
struct PurgeEvent {
  /// What the target names (as the purge module's TargetKind).
  enum class Kind { url, path, tag, prefix, host, rule, everything };
  std::int64_t time_ms = 0; ///< when it takes effect
  Kind kind = Kind::everything;
  /// An absolute URL (url; prefix as `scheme://host/path` or `/path`), a `/path`, a tag, a
  /// host (`host[:port]`), a rule's pattern as written; empty for everything.
  std::string value;
};

/// The time of a `--purges` line: RFC 3339 or whole epoch seconds, in milliseconds.
std::optional<std::int64_t> parse_event_time(std::string_view text);

/// What a simulation is told besides the config.
struct SimulationSettings {
  LogFormat format = LogFormat::automatic;
  Capacity capacity;                 ///< per PoP
  Eviction eviction = Eviction::lru; ///< when the capacity is finite
  unsigned pops = 1;                 ///< independent caches, chosen by a hash of the client
  std::vector<PurgeEvent> purges;    ///< any order; applied at their time
  std::int64_t purge_every_ms = 0;   ///< > 0: purge everything this often from the first request
  /// Slots of the memo from a logged request (method, status, host, target) to its decision
  /// (rule, freshness, cache key); 0 turns it off. It never changes a result, only the cost.
  std::size_t memo_slots = default_memo_slots;
  /// > 0: replay only the requests of shard `shard_index` of `shard_count` (simulate_merge.hpp:
  /// by a hash of the cache key's host and path); every line is still read, so the whole-log
  /// facts (first request, purge schedule, minutes) are those of the whole log.
  unsigned shard_count = 0;
  unsigned shard_index = 0; ///< < shard_count
};

/// Counts of requests by what the cache did.
struct SimulationCounts {
  std::uint64_t requests = 0;
  std::uint64_t hits = 0;           ///< fresh hits
  std::uint64_t stale_hits = 0;     ///< served stale inside stale-while-revalidate
  std::uint64_t stale_if_error = 0; ///< served stale because the origin answered 5xx
  std::uint64_t misses = 0;         ///< went to the origin, cacheable rule
  std::uint64_t passes = 0; ///< never cached: cache = false, private, method, bypass, no rule
  std::uint64_t origin_requests = 0; ///< misses, passes, revalidations and failed fetches
  std::uint64_t bytes = 0;           ///< response bytes of every request
  std::uint64_t hit_bytes = 0;       ///< response bytes served from the cache

  /// (hits + stale hits + stale-if-error) / requests; 0 without requests.
  double hit_ratio() const;
  /// hit_bytes / bytes; 0 without bytes.
  double byte_hit_ratio() const;
};

/// The requests of one minute of the log.
struct MinuteCount {
  std::uint64_t minute = 0; ///< minutes since the first request's
  std::uint32_t hits = 0;   ///< served from the cache (fresh or stale)
  std::uint32_t requests = 0;
  /// Whether two counts are the same.
  friend bool operator==(const MinuteCount&, const MinuteCount&) = default;
};

/// Origin requests per second over the minutes of the log.
struct OriginLoad {
  double peak = 0; ///< of the busiest minute
  double p99 = 0;  ///< the 99th percentile of the minutes (nearest rank)
};

/// Origin requests per minute, sparse: (minutes since the first request, origin requests) for
/// the minutes that had one, in time order (shards of one log add up minute by minute).
using OriginMinutes = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

/// The peak and nearest-rank 99th percentile, per second, of `minutes` over `span` minutes of
/// the log, a minute without an entry counting as 0.
OriginLoad origin_load(const OriginMinutes& minutes, std::uint64_t span);

/// The results of one rule (or of requests no rule matched).
struct RuleSimulation {
  std::string pattern; ///< as written; empty for the "no rule" row
  std::string where;   ///< `file:line`; empty for the "no rule" row
  SimulationCounts counts;
  OriginLoad origin;
  OriginMinutes origin_minutes; ///< what `origin` was derived from
};

/// A line the report points at.
struct LineNote {
  std::size_t line = 0;
  std::string message;
};

/// What a simulation found.
struct SimulationReport {
  SimulationCounts total;
  OriginLoad origin;
  std::vector<RuleSimulation> rules; ///< config order; a last row without pattern for no rule
  std::uint64_t lines = 0;           ///< lines read (blank lines and comments included)
  std::uint64_t unparsable = 0;
  std::vector<LineNote> unparsable_lines; ///< the first noted_lines
  std::uint64_t reordered = 0;            ///< lines earlier than one before them (replayed later)
  std::vector<LineNote> reordered_lines;  ///< the first noted_lines
  std::uint64_t purges = 0;               ///< purge events applied
  std::uint64_t purged_objects = 0;       ///< objects they dropped
  std::uint64_t evictions = 0;            ///< objects dropped for room
  std::int64_t first_ms = 0;              ///< time of the first request
  std::int64_t last_ms = 0;               ///< time of the last request
  /// Request lines of the whole log: total.requests, or more when only a shard was replayed.
  std::uint64_t log_requests = 0;
  /// The minutes that had requests, in order (a quiet minute has no entry), for the curve.
  std::vector<MinuteCount> minutes;
};

/// Replays log lines through the cache model of one config.
class Simulator {
public:
  /// A simulator of `config` (kept by reference; it must outlive the simulator).
  Simulator(const Config& config, SimulationSettings settings);
  ~Simulator();
  Simulator(Simulator&&) noexcept;
  Simulator& operator=(Simulator&&) noexcept;

  /// Replays line `number` of the log. Blank lines and comments are skipped, an unparsable line
  /// is counted and noted; a line more than reorder_window_ms earlier than the latest one seen
  /// refuses the log (the note says which lines).
  std::expected<void, LineNote> feed(std::string_view line, std::size_t number);

  /// Replays a line parsed elsewhere (read_parsed_log), as feed() does its text.
  std::expected<void, LineNote> feed(const ParsedLine& line);

  /// The results so far (purges due after the last request are not applied).
  SimulationReport report() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace cachectl
