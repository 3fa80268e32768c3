#include <cachectl/analysis/simulate_merge.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <optional>

namespace cachectl {

namespace {

// `a + b`, at most the largest uint32 (a bogus shard file must not wrap a count around).
std::uint32_t
add_capped(std::uint32_t a, std::uint32_t b)
{
  const std::uint64_t sum = std::uint64_t{a} + b;
  return static_cast<std::uint32_t>(
      std::min<std::uint64_t>(sum, std::numeric_limits<std::uint32_t>::max()));
}

// Merges two minute-ordered sparse series with `add` for a minute both have.
template <class Point, class Minute, class Add>
void
merge_series(std::vector<Point>& into, const std::vector<Point>& from, Minute minute, Add add)
{
  std::vector<Point> out;
  out.reserve(into.size() + from.size());
  auto a = into.begin();
  auto b = from.begin();
  while (a != into.end() || b != from.end()) {
    if (b == from.end() || (a != into.end() && minute(*a) < minute(*b))) {
      out.push_back(*a++);
    } else if (a == into.end() || minute(*b) < minute(*a)) {
      out.push_back(*b++);
    } else {
      out.push_back(add(*a++, *b++));
    }
  }
  into = std::move(out);
}

// `text` (a shard's name) and which shard it says it is: `b.json (shard 1/3)`.
std::string
who(const ShardInput& shard)
{
  return fmt::format(
      "{} (shard {}/{})", shard.name, shard.facts.spec.index, shard.facts.spec.count);
}

// The sum of the requests of `report`'s rule rows.
std::uint64_t
rule_requests(const SimulationReport& report)
{
  std::uint64_t sum = 0;
  for (const RuleSimulation& rule : report.rules) {
    sum += rule.counts.requests;
  }
  return sum;
}

// The minute of the last request of the log since its first (the reader keeps the times in
// the years 0000 to 9999, first before last).
std::uint64_t
log_minutes(const SimulationReport& report)
{
  return (static_cast<std::uint64_t>(report.last_ms) -
          static_cast<std::uint64_t>(report.first_ms)) /
         60'000;
}

// Whether counts `c` add up: every request is one of hit, stale hit, stale-if-error, miss or
// pass, no more origin requests than requests, no more hit bytes than bytes.
bool
adds_up(const SimulationCounts& c)
{
  const std::uint64_t kinds = c.hits + c.stale_hits + c.stale_if_error + c.misses + c.passes;
  return kinds == c.requests && c.origin_requests <= c.requests && c.hit_bytes <= c.bytes &&
         c.hits <= c.requests; // (a wrapped sum of kinds could still equal the requests)
}

// Whether the counts of one shard's report add up: each row in itself, rules to the total,
// minutes to the total, each rule's origin minutes to its origin requests. The error says
// which.
std::expected<void, std::string>
check_sums(const ShardInput& shard, const SimulationReport& report)
{
  for (const RuleSimulation& rule : report.rules) {
    if (!adds_up(rule.counts)) {
      return std::unexpected(fmt::format(
          "{}: the counts of rule `{}` do not add up (hits, stale hits, misses and passes make "
          "the requests)",
          who(shard),
          rule.pattern.empty() ? std::string("(no rule)") : rule.pattern));
    }
  }
  if (!adds_up(report.total)) {
    return std::unexpected(fmt::format("{}: its total counts do not add up", who(shard)));
  }
  if (report.total.origin_requests != [&] {
        std::uint64_t sum = 0;
        for (const RuleSimulation& rule : report.rules) {
          sum += rule.counts.origin_requests;
        }
        return sum;
      }()) {
    return std::unexpected(
        fmt::format("{}: the origin requests of its rules do not add up to its total", who(shard)));
  }
  const auto fail = [&](std::string_view what, std::uint64_t got, std::uint64_t want) {
    return std::unexpected(
        fmt::format("{}: {} add up to {}, not to its {} requests", who(shard), what, got, want));
  };
  if (const std::uint64_t sum = rule_requests(report); sum != report.total.requests) {
    return fail("the requests of its rules", sum, report.total.requests);
  }
  // The minute of the log's last request (every series ends there or before).
  const std::uint64_t last_minute = log_minutes(report);
  std::uint64_t minutes = 0;
  for (const MinuteCount& minute : report.minutes) {
    minutes += minute.requests;
  }
  const auto beyond = [&](std::uint64_t minute) { return minute > last_minute; };
  if (!report.minutes.empty() && beyond(report.minutes.back().minute)) {
    return std::unexpected(fmt::format(
        "{}: its minutes go on after the log's last request (minute {})", who(shard), last_minute));
  }
  if (minutes != report.total.requests) {
    return fail("the requests of its minutes", minutes, report.total.requests);
  }
  for (const RuleSimulation& rule : report.rules) {
    std::uint64_t origin = 0;
    for (const auto& point : rule.origin_minutes) {
      origin += point.second;
    }
    if (!rule.origin_minutes.empty() && beyond(rule.origin_minutes.back().first)) {
      return std::unexpected(fmt::format("{}: the origin minutes of rule `{}` go on after the "
                                         "log's last request (minute {})",
                                         who(shard),
                                         rule.pattern,
                                         last_minute));
    }
    if (origin != rule.counts.origin_requests) {
      return std::unexpected(
          fmt::format("{}: the origin minutes of rule `{}` add up to {}, not to its {} origin "
                      "requests",
                      who(shard),
                      rule.pattern.empty() ? std::string("(no rule)") : rule.pattern,
                      origin,
                      rule.counts.origin_requests));
    }
  }
  return {};
}

// Whether `shard` agrees with `first` on every whole-log fact; the error names the fact.
std::expected<void, std::string>
check_facts(const ShardInput& first, const ShardInput& shard)
{
  const ShardFacts& a = first.facts;
  const ShardFacts& b = shard.facts;
  const auto differ = [&](std::string_view fact, const auto& mine, const auto& theirs) {
    return std::unexpected(fmt::format("{} and {} differ in their {} ({} against {}): not "
                                       "shards of the same replay",
                                       who(shard),
                                       who(first),
                                       fact,
                                       mine,
                                       theirs));
  };
  const auto hex = [](std::uint64_t v) { return fmt::format("{:016x}", v); };
  if (b.spec.count != a.spec.count) {
    return differ("number of shards", b.spec.count, a.spec.count);
  }
  if (b.hash != a.hash) {
    return differ("shard hash", b.hash, a.hash);
  }
  if (b.config_fingerprint != a.config_fingerprint) {
    return differ("config fingerprint", hex(b.config_fingerprint), hex(a.config_fingerprint));
  }
  if (b.compare_fingerprint != a.compare_fingerprint) {
    return differ(
        "--compare config fingerprint", hex(b.compare_fingerprint), hex(a.compare_fingerprint));
  }
  if (b.log_fingerprint != a.log_fingerprint) {
    return differ("log fingerprint", hex(b.log_fingerprint), hex(a.log_fingerprint));
  }
  if (b.purge_fingerprint != a.purge_fingerprint) {
    return differ("purge schedule fingerprint", hex(b.purge_fingerprint), hex(a.purge_fingerprint));
  }
  if (b.settings != a.settings) {
    return differ("settings", b.settings, a.settings);
  }
  if (b.lines != a.lines) {
    return differ("number of log lines", b.lines, a.lines);
  }
  if (b.log_requests != a.log_requests) {
    return differ("number of request lines", b.log_requests, a.log_requests);
  }
  if (b.first_ms != a.first_ms || b.last_ms != a.last_ms) {
    return differ("time span (ms)",
                  fmt::format("{}..{}", b.first_ms, b.last_ms),
                  fmt::format("{}..{}", a.first_ms, a.last_ms));
  }
  if (shard.reports.size() != first.reports.size()) {
    return differ("number of configs", shard.reports.size(), first.reports.size());
  }
  for (std::size_t i = 0; i < shard.reports.size(); ++i) {
    const SimulationReport& x = first.reports[i];
    const SimulationReport& y = shard.reports[i];
    if (y.lines != b.lines || y.log_requests != b.log_requests || y.first_ms != b.first_ms ||
        y.last_ms != b.last_ms) {
      return std::unexpected(
          fmt::format("{}: its results disagree with its own facts (lines, request lines or time "
                      "span)",
                      who(shard)));
    }
    const auto notes = [](const std::vector<LineNote>& n) {
      std::string text;
      for (const LineNote& note : n) {
        text += fmt::format("{}:{};", note.line, note.message);
      }
      return text;
    };
    if (y.unparsable != x.unparsable || notes(y.unparsable_lines) != notes(x.unparsable_lines)) {
      return differ("unparsable lines", y.unparsable, x.unparsable);
    }
    if (y.reordered != x.reordered || notes(y.reordered_lines) != notes(x.reordered_lines)) {
      return differ("lines out of time order", y.reordered, x.reordered);
    }
    if (y.purges != x.purges) {
      return differ("number of purges", y.purges, x.purges);
    }
    const auto patterns = [](const SimulationReport& r) {
      std::vector<std::string> out;
      for (const RuleSimulation& rule : r.rules) {
        if (!rule.pattern.empty()) {
          out.push_back(rule.pattern);
        }
      }
      return out;
    };
    if (patterns(y) != patterns(x)) {
      return differ("rules", fmt::format("{} rules", y.rules.size()), x.rules.size());
    }
    if (std::count_if(y.rules.begin(), y.rules.end(), [](const RuleSimulation& r) {
          return r.pattern.empty();
        }) > 1) {
      return std::unexpected(fmt::format("{}: more than one no-rule row", who(shard)));
    }
  }
  return {};
}

// Adds the counts of `from` into `into`.
void
add_counts(SimulationCounts& into, const SimulationCounts& from)
{
  into.requests += from.requests;
  into.hits += from.hits;
  into.stale_hits += from.stale_hits;
  into.stale_if_error += from.stale_if_error;
  into.misses += from.misses;
  into.passes += from.passes;
  into.origin_requests += from.origin_requests;
  into.bytes += from.bytes;
  into.hit_bytes += from.hit_bytes;
}

// The sum of run `run` of `shards` (in index order; validated).
SimulationReport
sum_run(const std::vector<const ShardInput*>& shards, std::size_t run)
{
  const SimulationReport& first = shards.front()->reports[run];
  SimulationReport out = first; // the whole-log facts, and the rule rows' names
  out.total = {};
  out.purged_objects = 0;
  out.evictions = 0;
  out.minutes.clear();
  out.rules.clear();
  for (const RuleSimulation& rule : first.rules) {
    if (!rule.pattern.empty()) {
      out.rules.push_back(RuleSimulation{rule.pattern, rule.where, {}, {}, {}});
    }
  }
  RuleSimulation none;
  for (const ShardInput* shard : shards) {
    const SimulationReport& r = shard->reports[run];
    add_counts(out.total, r.total);
    out.purged_objects += r.purged_objects;
    out.evictions += r.evictions;
    add_minute_counts(out.minutes, r.minutes);
    std::size_t row = 0;
    for (const RuleSimulation& rule : r.rules) {
      RuleSimulation& into = rule.pattern.empty() ? none : out.rules[row++];
      add_counts(into.counts, rule.counts);
      add_origin_minutes(into.origin_minutes, rule.origin_minutes);
    }
  }
  if (none.counts.requests > 0) {
    out.rules.push_back(std::move(none));
  }
  // The derived figures, from the sums: the span is the whole log's (its last request is in
  // one of the shards).
  const std::uint64_t span = out.minutes.empty() ? 0 : out.minutes.back().minute + 1;
  OriginMinutes total;
  for (RuleSimulation& rule : out.rules) {
    rule.origin = origin_load(rule.origin_minutes, span);
    add_origin_minutes(total, rule.origin_minutes);
  }
  out.origin = origin_load(total, span);
  return out;
}

} // namespace

std::uint64_t
fnv1a64(std::string_view text, std::uint64_t hash)
{
  for (const char c : text) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

std::uint64_t
fingerprint64(std::string_view text, std::uint64_t hash)
{
  constexpr std::uint64_t k_mix = 0x9E3779B97F4A7C15ULL;
  const auto mix = [](std::uint64_t h, std::uint64_t word) {
    h = (h ^ word) * k_mix;
    return h ^ (h >> 32);
  };
  // Eight bytes as a little-endian number, whatever the machine.
  const auto load = [](const char* p) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    if constexpr (std::endian::native == std::endian::big) {
      word = __builtin_bswap64(word);
    }
    return word;
  };
  // Two lanes, so that one multiply does not wait for the other.
  std::uint64_t other = hash ^ k_mix;
  std::size_t at = 0;
  for (; at + 16 <= text.size(); at += 16) {
    hash = mix(hash, load(text.data() + at));
    other = mix(other, load(text.data() + at + 8));
  }
  char tail[16] = {};
  std::memcpy(tail, text.data() + at, text.size() - at);
  hash = mix(hash, load(tail));
  other = mix(other, load(tail + 8));
  return mix(mix(hash, other), text.size()); // "ab" then "c" is not "a" then "bc"
}

std::uint64_t
shard_hash(std::string_view host, std::string_view path)
{
  return fnv1a64(path, fnv1a64("\t", fnv1a64(host)));
}

std::expected<ShardSpec, std::string>
parse_shard_spec(std::string_view text)
{
  const std::size_t slash = text.find('/');
  const auto number = [](std::string_view digits) -> std::optional<unsigned> {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      return std::nullopt;
    }
    return value;
  };
  const auto index = number(text.substr(0, slash));
  const auto count =
      slash == std::string_view::npos ? std::nullopt : number(text.substr(slash + 1));
  if (!index || !count) {
    return std::unexpected(fmt::format(
        "expected I/N, the shard's index I of N shards, both whole numbers (e.g. 0/4)"));
  }
  if (*count == 0 || *count > max_shards) {
    return std::unexpected(fmt::format("the number of shards must be 1 to {}", max_shards));
  }
  if (*index >= *count) {
    return std::unexpected(fmt::format(
        "shards are numbered from 0: the last of {} is {}/{}", *count, *count - 1, *count));
  }
  return ShardSpec{*index, *count};
}

std::uint64_t
purge_fingerprint(const SimulationSettings& settings)
{
  std::vector<PurgeEvent> events = settings.purges;
  std::stable_sort(events.begin(), events.end(), [](const PurgeEvent& a, const PurgeEvent& b) {
    return a.time_ms < b.time_ms;
  });
  std::uint64_t hash = fnv1a64(fmt::format("every {}\n", settings.purge_every_ms));
  for (const PurgeEvent& event : events) {
    hash = fnv1a64(
        fmt::format("{} {} {}\n", event.time_ms, static_cast<int>(event.kind), event.value), hash);
  }
  return hash;
}

void
add_origin_minutes(OriginMinutes& into, const OriginMinutes& from)
{
  using Point = OriginMinutes::value_type;
  merge_series(
      into,
      from,
      [](const Point& p) { return p.first; },
      [](const Point& a, const Point& b) {
        return Point{a.first, add_capped(a.second, b.second)};
      });
}

void
add_minute_counts(std::vector<MinuteCount>& into, const std::vector<MinuteCount>& from)
{
  merge_series(
      into,
      from,
      [](const MinuteCount& m) { return m.minute; },
      [](const MinuteCount& a, const MinuteCount& b) {
        return MinuteCount{
            a.minute, add_capped(a.hits, b.hits), add_capped(a.requests, b.requests)};
      });
}

std::expected<std::vector<SimulationReport>, std::string>
merge_reports(const std::vector<ShardInput>& shards)
{
  if (shards.empty()) {
    return std::unexpected(std::string("no shard to merge"));
  }
  const ShardInput& first = shards.front();
  if (first.facts.hash != shard_hash_name) {
    return std::unexpected(fmt::format("{}: shard hash `{}` is not this version's `{}`",
                                       first.name,
                                       first.facts.hash,
                                       shard_hash_name));
  }
  const unsigned count = first.facts.spec.count;
  if (count == 0 || count > max_shards || first.reports.empty() || first.reports.size() > 2) {
    return std::unexpected(fmt::format("{}: not a shard file of this version", first.name));
  }
  std::vector<const ShardInput*> by_index(count, nullptr);
  for (const ShardInput& shard : shards) {
    if (auto agreed = check_facts(first, shard); !agreed) {
      return std::unexpected(agreed.error());
    }
    const unsigned index = shard.facts.spec.index;
    if (index >= count) {
      return std::unexpected(fmt::format("{}: no shard {} of {}", shard.name, index, count));
    }
    if (by_index[index] != nullptr) {
      return std::unexpected(fmt::format("{}: shard {}/{} is given twice (also {})",
                                         shard.name,
                                         index,
                                         count,
                                         by_index[index]->name));
    }
    by_index[index] = &shard;
    for (const SimulationReport& report : shard.reports) {
      if (auto sums = check_sums(shard, report); !sums) {
        return std::unexpected(sums.error());
      }
    }
  }
  std::string missing;
  for (unsigned i = 0; i < count; ++i) {
    if (by_index[i] == nullptr) {
      missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", i, count);
    }
  }
  if (!missing.empty()) {
    const bool one = missing.find(',') == std::string::npos;
    return std::unexpected(fmt::format("shard{} {} {} missing (given {} of {})",
                                       one ? "" : "s",
                                       missing,
                                       one ? "is" : "are",
                                       shards.size(),
                                       count));
  }
  std::vector<SimulationReport> out;
  for (std::size_t run = 0; run < first.reports.size(); ++run) {
    out.push_back(sum_run(by_index, run));
    const SimulationReport& sum = out.back();
    if (sum.total.requests != first.facts.log_requests) {
      return std::unexpected(
          fmt::format("the shards' requests add up to {}, but the log has {} request lines: a "
                      "request was replayed by no shard or by two",
                      sum.total.requests,
                      first.facts.log_requests));
    }
    if (sum.total.requests > 0 &&
        (sum.minutes.empty() || sum.minutes.back().minute != log_minutes(sum))) {
      return std::unexpected(fmt::format(
          "the shards' minutes end before minute {}, the log's last request's: a shard is not "
          "of this log",
          log_minutes(sum)));
    }
  }
  return out;
}

} // namespace cachectl
