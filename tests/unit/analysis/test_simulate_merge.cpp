// Sharded replays and their merge: the sparse minute series add up minute by minute, a log
// replayed in N shards and merged gives the unsharded report (derived figures recomputed), and
// every refusal (missing, twice, mismatched, sums that do not add up, bad I/N) names its cause.
#include <cachectl/analysis/simulate_merge.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace cachectl;

namespace {

const char* const k_config = R"(version = 1
[routes."/a/[id]"]
max_age = 60
[routes."/b/[...rest]"]
max_age = 5
swr = 5
[routes."/api/[...rest]"]
cache = false
)";

Config
config()
{
  auto c = parse_config(k_config, "cache.toml");
  REQUIRE(c.has_value());
  return std::move(*c);
}

// A log of `count` requests, 7 s apart, over a few keys, PoP clients and unmatched paths.
std::vector<std::string>
log_lines(int count)
{
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    const int seconds = i * 7;
    const std::string target = i % 5 == 0   ? fmt::format("/api/x{}", i % 3)
                               : i % 7 == 0 ? fmt::format("/nothing/{}", i % 4)
                               : i % 2 == 0 ? fmt::format("/a/{}", i % 9)
                                            : fmt::format("/b/{}?q={}", i % 4, i % 2);
    out.push_back(fmt::format(
        R"(10.0.0.{} - - [01/May/2024:{:02}:{:02}:{:02} +0000] "GET {} HTTP/1.1" 200 {})",
        i % 5,
        10 + seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        target,
        100 + i));
  }
  out.insert(out.begin() + 10, "not a log line");
  return out;
}

SimulationSettings
settings(unsigned index = 0, unsigned count = 0)
{
  SimulationSettings s;
  s.format = LogFormat::common;
  s.pops = 2;
  s.purge_every_ms = 300'000;
  s.shard_index = index;
  s.shard_count = count;
  return s;
}

SimulationReport
replay(const Config& c, const SimulationSettings& s, const std::vector<std::string>& lines)
{
  Simulator simulator(c, s);
  std::size_t number = 0;
  for (const std::string& line : lines) {
    REQUIRE(simulator.feed(line, ++number).has_value());
  }
  return simulator.report();
}

// The shards of `lines` as merge_reports takes them.
std::vector<ShardInput>
shards(const Config& c, unsigned count, const std::vector<std::string>& lines)
{
  std::vector<ShardInput> out;
  for (unsigned i = 0; i < count; ++i) {
    ShardInput shard;
    shard.name = fmt::format("s{}.json", i);
    shard.reports.push_back(replay(c, settings(i, count), lines));
    const SimulationReport& r = shard.reports.back();
    shard.facts.spec = {i, count};
    shard.facts.config_fingerprint = 1;
    shard.facts.log_fingerprint = 2;
    shard.facts.purge_fingerprint = purge_fingerprint(settings());
    shard.facts.lines = r.lines;
    shard.facts.log_requests = r.log_requests;
    shard.facts.first_ms = r.first_ms;
    shard.facts.last_ms = r.last_ms;
    out.push_back(std::move(shard));
  }
  return out;
}

void
check_same_counts(const SimulationCounts& a, const SimulationCounts& b)
{
  CHECK(a.requests == b.requests);
  CHECK(a.hits == b.hits);
  CHECK(a.stale_hits == b.stale_hits);
  CHECK(a.misses == b.misses);
  CHECK(a.passes == b.passes);
  CHECK(a.origin_requests == b.origin_requests);
  CHECK(a.bytes == b.bytes);
  CHECK(a.hit_bytes == b.hit_bytes);
}

} // namespace

TEST_CASE("simulate merge: sparse minute series add up minute by minute")
{
  OriginMinutes a{{0, 2}, {3, 1}, {9, 4}};
  add_origin_minutes(a, OriginMinutes{{1, 4}, {3, 5}, {12, 1}});
  CHECK(a == OriginMinutes{{0, 2}, {1, 4}, {3, 6}, {9, 4}, {12, 1}});
  add_origin_minutes(a, {});
  CHECK(a.size() == 5);
  OriginMinutes empty;
  add_origin_minutes(empty, OriginMinutes{{7, 1}});
  CHECK(empty == OriginMinutes{{7, 1}});

  std::vector<MinuteCount> m{{0, 1, 2}, {2, 0, 3}};
  add_minute_counts(m, {{1, 1, 1}, {2, 2, 2}});
  CHECK(m == std::vector<MinuteCount>{{0, 1, 2}, {1, 1, 1}, {2, 2, 5}});

  // The peak and p99 of the sum, not of either part: 6/min at minute 3 over 13 minutes.
  const OriginLoad load = origin_load(a, 13);
  CHECK(load.peak == doctest::Approx(6 / 60.0));
  CHECK(load.p99 == doctest::Approx(6 / 60.0));
}

TEST_CASE("simulate merge: N shards merged are the unsharded replay")
{
  const Config c = config();
  const auto lines = log_lines(400);
  const SimulationReport whole = replay(c, settings(), lines);
  REQUIRE(whole.total.requests == 400);
  for (const unsigned count : {1U, 2U, 3U, 7U}) {
    CAPTURE(count);
    const auto parts = shards(c, count, lines);
    std::uint64_t busy = 0;
    for (const ShardInput& part : parts) {
      CHECK(part.reports[0].log_requests == 400);
      CHECK(part.reports[0].lines == whole.lines);
      busy += part.reports[0].total.requests > 0 ? 1U : 0U;
    }
    CHECK((count == 1 || busy >= 2));
    const auto merged = merge_reports(parts);
    REQUIRE(merged.has_value());
    const SimulationReport& m = merged->front();
    check_same_counts(m.total, whole.total);
    CHECK(m.origin.peak == whole.origin.peak);
    CHECK(m.origin.p99 == whole.origin.p99);
    CHECK(m.minutes == whole.minutes);
    CHECK(m.purges == whole.purges);
    CHECK(m.purged_objects == whole.purged_objects);
    CHECK(m.unparsable == 1);
    REQUIRE(m.rules.size() == whole.rules.size());
    for (std::size_t i = 0; i < m.rules.size(); ++i) {
      CHECK(m.rules[i].pattern == whole.rules[i].pattern);
      check_same_counts(m.rules[i].counts, whole.rules[i].counts);
      CHECK(m.rules[i].origin_minutes == whole.rules[i].origin_minutes);
      CHECK(m.rules[i].origin.peak == whole.rules[i].origin.peak);
      CHECK(m.rules[i].origin.p99 == whole.rules[i].origin.p99);
    }
  }
}

TEST_CASE("simulate merge: refusals name the shard and the fact")
{
  const Config c = config();
  const auto lines = log_lines(120);
  auto parts = shards(c, 3, lines);

  auto missing = parts;
  missing.erase(missing.begin() + 1);
  auto error = merge_reports(missing);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error() == "shard 1/3 is missing (given 2 of 3)");

  auto twice = parts;
  twice[2] = twice[1];
  twice[2].name = "copy.json";
  error = merge_reports(twice);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error() == "copy.json: shard 1/3 is given twice (also s1.json)");

  auto other_log = parts;
  other_log[2].facts.log_fingerprint = 3;
  error = merge_reports(other_log);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error() == "s2.json (shard 2/3) and s0.json (shard 0/3) differ in their log "
                         "fingerprint (0000000000000003 against 0000000000000002): not shards of "
                         "the same replay");

  auto other_count = parts;
  other_count[1].facts.spec.count = 4;
  error = merge_reports(other_count);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().find("differ in their number of shards (4 against 3)") != std::string::npos);

  // A request counted in two shards: every shard adds up, the sum is more than the log.
  auto doubled = parts;
  for (ShardInput& part : doubled) {
    part.reports[0] = parts[0].reports[0];
  }
  for (unsigned i = 0; i < 3; ++i) {
    doubled[i].facts.spec.index = i;
  }
  error = merge_reports(doubled);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().find("request was replayed by no shard or by two") != std::string::npos);

  // A rule's row changed in itself: refused.
  auto broken = parts;
  broken[0].reports[0].rules[0].counts.requests += 1;
  error = merge_reports(broken);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error() == "s0.json (shard 0/3): the counts of rule `/a/[id]` do not add up (hits, "
                         "stale hits, misses and passes make the requests)");

  // A rule's row changed consistently: its rules no longer add up to its total.
  auto tampered = parts;
  tampered[0].reports[0].rules[0].counts.requests += 1;
  tampered[0].reports[0].rules[0].counts.passes += 1;
  error = merge_reports(tampered);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().starts_with("s0.json (shard 0/3): the requests of its rules add up to"));

  // A minute after the log's last request: refused (a chart would run past the log).
  auto late = parts;
  REQUIRE_FALSE(late[1].reports[0].minutes.empty());
  late[1].reports[0].minutes.back().minute += 1;
  error = merge_reports(late);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().starts_with("s1.json (shard 1/3): its minutes go on after the log's last "
                                  "request"));

  CHECK_FALSE(merge_reports({}).has_value());
}

TEST_CASE("simulate merge: I/N")
{
  CHECK(parse_shard_spec("0/1").value().count == 1);
  CHECK(parse_shard_spec("6/7").value().index == 6);
  CHECK(parse_shard_spec("3/3").error() == "shards are numbered from 0: the last of 3 is 2/3");
  CHECK(parse_shard_spec("0/0").error() == "the number of shards must be 1 to 100000");
  for (const char* bad : {"a/b", "1", "/2", "1/", "-1/2", "1/2x", " 1/2", "1/+2", ""}) {
    CAPTURE(bad);
    CHECK(parse_shard_spec(bad).error().starts_with("expected I/N"));
  }
  // The hash is FNV-1a 64 of `host TAB path`, the same as hashing the joined text.
  CHECK(shard_hash("example.com", "/a/1") == fnv1a64("example.com\t/a/1"));
  CHECK(fnv1a64("") == 14695981039346656037ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("simulate merge: the log fingerprint")
{
  // The same number on every machine (a reimplementation in Python gives these).
  CHECK(fingerprint64("10.0.0.1 - - [01/May/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 10") ==
        0xef1acd327be19eb3ULL);
  CHECK(fingerprint64("") == 0xb743db30302f5574ULL);
  // Lines are pieces: the same bytes cut differently are another log.
  CHECK(fingerprint64("c", fingerprint64("ab")) != fingerprint64("bc", fingerprint64("a")));
  // Every byte counts, in both lanes and in the tail.
  const std::string text = "GET /blog/a-post-with-a-long-name?page=2 HTTP/1.1";
  const std::uint64_t base = fingerprint64(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string changed = text;
    changed[i] = static_cast<char>(changed[i] ^ 1);
    CAPTURE(i);
    CHECK(fingerprint64(changed) != base);
  }
  CHECK(fingerprint64(text + '\0') != base);
}
