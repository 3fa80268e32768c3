// Measurements behind `cachectl bench`: compile time, lookup cost, per-URL policy cost and
// memory of the compiled matcher, with the reference matcher as a baseline. No printing.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/pattern/trailing_slash.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// How long and how often to measure.
struct BenchSettings {
  double min_time_s = 0.5;          ///< timed time per measurement, after warm-up
  double max_time_s = 10.0;         ///< a measurement stops here even with few samples
  double warmup_s = 0.1;            ///< untimed runs before each measurement
  double sample_s = 100e-6;         ///< one sample repeats the pass until it lasts this long
  std::size_t min_samples = 51;     ///< samples per measurement when passes are fast
  std::size_t min_slow_samples = 3; ///< floor when a single pass outlasts max_time_s / 10
  bool baseline = false;            ///< also measure the reference (linear) matcher
  double noisy_spread = 0.10;       ///< a spread above this marks the run as noisy
};

/// Time per item of one measured operation, over samples.
struct BenchStats {
  double median_ns = 0;    ///< median sample
  double p99_ns = 0;       ///< 99th percentile sample (nearest rank)
  double min_ns = 0;       ///< fastest sample
  double mean_ns = 0;      ///< mean of the samples
  double spread = 0;       ///< (p90 - p10) / median of the samples: the noise estimate
  std::size_t samples = 0; ///< timed samples
  std::size_t items = 0;   ///< items (lookups, URLs) per pass
  std::size_t passes = 0;  ///< passes per sample
};

/// Everything `cachectl bench` reports.
struct BenchReport {
  std::size_t rules = 0;   ///< rules of the config
  std::size_t urls = 0;    ///< input URLs
  std::size_t paths = 0;   ///< inputs that reach the matcher (valid, inside the base)
  std::size_t matched = 0; ///< paths that match a rule
  double compile_ms = 0;   ///< building the compiled matcher (priority sort included)
  std::optional<double> baseline_compile_ms;       ///< building the reference matcher
  CompiledMatcherStats matcher;                    ///< sizes of the compiled matcher
  std::int64_t heap_bytes = 0;                     ///< allocator bytes held by the compiled matcher
  std::optional<std::int64_t> baseline_heap_bytes; ///< the same for the reference matcher
  std::int64_t rss_delta_bytes = 0; ///< resident set growth while building the compiled matcher
  BenchStats lookup;    ///< CompiledMatcher::match_into: winner + params, storage reused
  BenchStats match;     ///< CompiledMatcher::match (RuleMatcher interface, allocates)
  BenchStats rule_only; ///< CompiledMatcher::match_rule: winner, no params
  std::optional<BenchStats> baseline; ///< ReferenceMatcher::match on the same paths
  std::optional<double> speedup;      ///< baseline / match medians (same interface)
  std::size_t mismatches = 0;         ///< paths where the two matchers disagree (baseline runs)
  BenchStats resolve;                 ///< resolve() per input: normalize_url + strip_base + match
  BenchStats normalize;               ///< normalize_url per input (fast path first)
  BenchStats normalize_full;          ///< the full normalization algorithm per input, no fast path
  BenchStats policy;                  ///< effective_options + expand_tags per matched path
  double noise = 0;                   ///< the largest spread of the measurements
  bool noisy = false;                 ///< noise above BenchSettings::noisy_spread
};

/// Measures `config` on `urls` (paths or http(s) URLs, resolved like `cachectl match` does).
BenchReport run_bench(const Config& config,
                      const std::vector<std::string>& urls,
                      const BenchSettings& settings);

/// A config of `patterns` (one rule each, in order) under `mode`; the error names the first
/// pattern that does not parse.
std::expected<Config, std::string> config_from_patterns(const std::vector<std::string>& patterns,
                                                        TrailingSlash mode);

/// `count` distinct synthetic rules, the same for the same seed: a realistic mix of static
/// segments, params, mixed segments (`v[version]`, `[lang]-[region]`, `[name].json`), rests at
/// the end and in the middle and a few rests mixed with text, 1 to 6 segments deep; rules with
/// params carry tag templates and some options so that the policy cost is realistic.
Config synthetic_config(std::size_t count, std::uint64_t seed, TrailingSlash mode);

/// `count` request paths synthesized from the patterns of `config` (params and rests filled
/// with plausible values, some trailing slashes), the same for the same seed.
std::vector<std::string>
synthetic_urls(const Config& config, std::size_t count, std::uint64_t seed);

} // namespace cachectl
