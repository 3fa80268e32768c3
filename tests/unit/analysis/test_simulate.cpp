// The simulator on small logs with hand-computed answers: every state transition of the cache
// model (fresh hit, expiry, stale-while-revalidate, stale-if-error, bypass, opt-out, per-status
// TTL, purges, capacity eviction under LRU and SIEVE, PoPs) and the log's error paths.
#include <cachectl/analysis/simulate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace cachectl;

namespace {

const char* const config_text = R"(version = 1
[bypass]
query = ["preview"]
[routes."/a"]
max_age = 10
swr = 5
stale_if_error = 30
[routes."/p"]
max_age = 100
[routes."/p".status]
404 = 2
[routes."/api/[...rest]"]
cache = false
[routes."/s"]
max_age = 100
statuses = [200]
[routes."/t/[id]"]
max_age = 1000
tags = ["t:{id}"]
)";

Config
config()
{
  auto c = parse_config(config_text, "cache.toml");
  REQUIRE(c.has_value());
  return std::move(*c);
}

// A common-log line `seconds` after 2024-05-01T10:00:00Z.
std::string
line(int seconds,
     std::string_view target,
     int status = 200,
     std::string_view method = "GET",
     std::string_view client = "10.0.0.1",
     int bytes = 100)
{
  return fmt::format(R"({} - - [01/May/2024:{:02}:{:02}:{:02} +0000] "{} {} HTTP/1.1" {} {})",
                     client,
                     10 + seconds / 3600,
                     seconds / 60 % 60,
                     seconds % 60,
                     method,
                     target,
                     status,
                     bytes);
}

// Replays `lines` and returns the report.
SimulationReport
replay(const Config& c, const std::vector<std::string>& lines, SimulationSettings settings = {})
{
  Simulator simulator(c, std::move(settings));
  std::size_t number = 0;
  for (const auto& text : lines) {
    REQUIRE(simulator.feed(text, ++number).has_value());
  }
  return simulator.report();
}

// The row of `pattern`.
const SimulationCounts&
row(const SimulationReport& report, std::string_view pattern)
{
  for (const auto& rule : report.rules) {
    if (rule.pattern == pattern) {
      return rule.counts;
    }
  }
  FAIL("no row ", pattern);
  static SimulationCounts none;
  return none;
}

constexpr std::int64_t k_start_ms = 1714557600000; // 2024-05-01T10:00:00Z

} // namespace

TEST_SUITE("simulate")
{
  TEST_CASE("fresh, stale-while-revalidate, stale-if-error and expiry")
  {
    const Config c = config();
    const auto r = replay(c,
                          {line(0, "/a"),       // miss: fresh to 10, swr to 15, sie to 40
                           line(5, "/a"),       // hit
                           line(12, "/a"),      // stale hit, revalidated: fresh to 22
                           line(20, "/a"),      // hit
                           line(26, "/a"),      // stale hit: fresh to 36, swr 41, sie 66
                           line(50, "/a", 500), // origin error inside sie: stale_if_error
                           line(70, "/a", 500), // past sie: miss, a 500 is not stored
                           line(71, "/a")});    // miss
    const SimulationCounts& a = row(r, "/a");
    CHECK(a.requests == 8);
    CHECK(a.hits == 2);
    CHECK(a.stale_hits == 2);
    CHECK(a.stale_if_error == 1);
    CHECK(a.misses == 3);
    CHECK(a.passes == 0);
    CHECK(a.origin_requests == 6);
    CHECK(a.bytes == 800);
    CHECK(a.hit_bytes == 500);
    CHECK(a.hit_ratio() == doctest::Approx(5.0 / 8));
    CHECK(r.total.requests == 8);
    CHECK(r.first_ms == k_start_ms);
    CHECK(r.last_ms == k_start_ms + 71000);
    // Two minutes: 0–59 s had 6 requests, 5 from the cache (4 of them origin requests); 60–71 s
    // two misses.
    REQUIRE(r.minutes.size() == 2);
    CHECK(r.minutes[0] == cachectl::MinuteCount{0, 5, 6});
    CHECK(r.minutes[1] == cachectl::MinuteCount{1, 0, 2});
    CHECK(r.origin.peak == doctest::Approx(4.0 / 60));
    CHECK(r.origin.p99 == doctest::Approx(4.0 / 60));
  }

  TEST_CASE("an origin error inside stale-while-revalidate keeps the stale object")
  {
    const Config c = config();
    const auto r = replay(c, {line(0, "/a"), line(11, "/a", 503), line(12, "/a")});
    const SimulationCounts& a = row(r, "/a");
    CHECK(a.stale_hits == 2); // the failed revalidation did not refresh it
    CHECK(a.misses == 1);
  }

  TEST_CASE("bypass, opt-out, methods and URLs no rule matches are passes")
  {
    const Config c = config();
    const auto r = replay(c,
                          {line(0, "/a?preview=1"),
                           line(1, "/a?preview=1"),
                           line(2, "/a", 200, "POST"),
                           line(3, "/api/x"),
                           line(4, "/api/x"),
                           line(5, "/nowhere"),
                           line(6, "/a?utm=1"),
                           line(7, "/a?utm=1"),
                           line(8, "/a")});
    CHECK(row(r, "/a").passes == 3);
    CHECK(row(r, "/a").misses == 2); // ?utm=1 and the bare path are two keys
    CHECK(row(r, "/a").hits == 1);
    CHECK(row(r, "/api/[...rest]").passes == 2);
    CHECK(row(r, "").passes == 1);
    CHECK(r.rules.back().pattern.empty());
    CHECK(r.total.passes == 6);
    CHECK(r.total.origin_requests == 8);
  }

  TEST_CASE("the TTL of a status: a status entry, statuses, the negative TTL, 304 as 200")
  {
    const Config c = config();
    const auto r = replay(c,
                          {line(0, "/p", 404),  // stored 2 s
                           line(1, "/p", 404),  // hit
                           line(3, "/p", 404),  // miss, stored again to 5
                           line(10, "/p", 200), // miss, stored 100 s
                           line(50, "/p", 304), // hit
                           line(0, "/s", 404),
                           line(60, "/s", 404),   // statuses = [200]: never stored
                           line(61, "/s", 304),   // a 304 stands for a cacheable 200: stored
                           line(62, "/s"),        // hit
                           line(70, "/t/1", 404), // negative TTL 180 s
                           line(249, "/t/1"),     // hit
                           line(251, "/t/1")});   // miss
    // (the /s line at 0 s is out of order by 50 s: replayed at 50 s)
    CHECK(r.reordered == 1);
    const SimulationCounts& p = row(r, "/p");
    CHECK(p.hits == 2);
    CHECK(p.misses == 3);
    const SimulationCounts& s = row(r, "/s");
    CHECK(s.misses == 3);
    CHECK(s.hits == 1);
    CHECK(s.passes == 0);
    const SimulationCounts& t = row(r, "/t/[id]");
    CHECK(t.hits == 1);
    CHECK(t.misses == 2);
  }

  TEST_CASE("purges by tag, path, prefix, rule and everything, and --purge-every")
  {
    const Config c = config();
    SimulationSettings settings;
    settings.purges = {{k_start_ms + 20000, PurgeEvent::Kind::path, "/t/2"},
                       {k_start_ms + 5000, PurgeEvent::Kind::tag, "t:1"},
                       {k_start_ms + 10000, PurgeEvent::Kind::everything, ""},
                       {k_start_ms + 30000, PurgeEvent::Kind::prefix, "https://x.example/t/"},
                       {k_start_ms + 40000, PurgeEvent::Kind::rule, "/t/[id]"}};
    const auto r = replay(c,
                          {line(0, "/t/1"),
                           line(0, "/t/2"),
                           line(6, "/t/1"),   // purged by tag t:1: miss
                           line(6, "/t/2"),   // hit
                           line(11, "/t/2"),  // everything purged: miss
                           line(19, "/t/2"),  // hit
                           line(21, "/t/2"),  // purged by path: miss
                           line(31, "/t/2"),  // purged by prefix: miss
                           line(41, "/t/2")}, // purged by rule: miss
                          settings);
    const SimulationCounts& t = row(r, "/t/[id]");
    CHECK(t.hits == 2);
    CHECK(t.misses == 7);
    CHECK(r.purges == 5);
    CHECK(r.purged_objects == 6);

    SimulationSettings every;
    every.purge_every_ms = 10000;
    const auto e =
        replay(c, {line(0, "/t/1"), line(5, "/t/1"), line(10, "/t/1"), line(15, "/t/1")}, every);
    CHECK(row(e, "/t/[id]").hits == 2);
    CHECK(row(e, "/t/[id]").misses == 2);
    CHECK(e.purges == 1);
  }

  TEST_CASE("a gap of years: every period's purge counted, one step taken, minutes kept sparse")
  {
    const Config c = config();
    SimulationSettings every;
    every.purge_every_ms = 10000;
    const std::string later =
        R"(10.0.0.1 - - [01/May/2034:10:00:05 +0000] "GET /t/1 HTTP/1.1" 200 100)";
    const auto r = replay(c, {line(0, "/t/1"), line(1, "/t/1"), later}, every);
    CHECK(row(r, "/t/[id]").hits == 1);
    CHECK(row(r, "/t/[id]").misses == 2);
    // 2024-05-01T10:00:00 to 2034-05-01T10:00:05 is 3,652 days and 5 s: 31,553,280 periods of
    // 10 s have ended (the first at 10 s), each a purge, and the first one dropped /t/1.
    CHECK(r.purges == 31'553'280);
    CHECK(r.purged_objects == 1);
    REQUIRE(r.minutes.size() == 2);
    CHECK(r.minutes[0] == cachectl::MinuteCount{0, 1, 2});
    CHECK(r.minutes[1] == cachectl::MinuteCount{5'258'880, 0, 1});
    // Two busy minutes among 5,258,881: the 99th percentile minute is a quiet one.
    CHECK(r.origin.peak == doctest::Approx(1.0 / 60));
    CHECK(r.origin.p99 == 0);
  }

  TEST_CASE("a full cache evicts by LRU or by SIEVE")
  {
    const Config c = config();
    // Capacity 2: 1 1 2 3 2 1. LRU evicts 1 for 3 (2 was used later), SIEVE evicts 2 (1 was
    // visited, 2 was not) and then 1 and 3.
    const std::vector<std::string> log = {line(0, "/t/1"),
                                          line(1, "/t/1"),
                                          line(2, "/t/2"),
                                          line(3, "/t/3"),
                                          line(4, "/t/2"),
                                          line(5, "/t/1")};
    SimulationSettings lru;
    lru.capacity = Capacity{Capacity::Unit::objects, 2};
    const auto l = replay(c, log, lru);
    CHECK(row(l, "/t/[id]").hits == 2);
    CHECK(l.evictions == 2);
    SimulationSettings sieve = lru;
    sieve.eviction = Eviction::sieve;
    const auto s = replay(c, log, sieve);
    CHECK(row(s, "/t/[id]").hits == 1);
    CHECK(s.evictions == 3);

    // Capacity in bytes: an object larger than the cache is never stored.
    SimulationSettings bytes;
    bytes.capacity = Capacity{Capacity::Unit::bytes, 150};
    const auto b = replay(c,
                          {line(0, "/t/1", 200, "GET", "c", 100),
                           line(1, "/t/1", 200, "GET", "c", 100),
                           line(2, "/t/2", 200, "GET", "c", 200),
                           line(3, "/t/2", 200, "GET", "c", 200),
                           line(4, "/t/3", 200, "GET", "c", 100),
                           line(5, "/t/1", 200, "GET", "c", 100)},
                          bytes);
    CHECK(row(b, "/t/[id]").hits == 1);
    CHECK(b.evictions == 2); // /t/3 pushed /t/1 out, then /t/1 pushed /t/3 out
  }

  TEST_CASE("PoPs are independent caches chosen by the client address")
  {
    const Config c = config();
    std::vector<std::string> log;
    for (int i = 0; i < 8; ++i) {
      log.push_back(line(i, "/t/1", 200, "GET", fmt::format("192.0.2.{}", i)));
    }
    CHECK(row(replay(c, log), "/t/[id]").misses == 1);
    SimulationSettings two;
    two.pops = 2;
    const auto r = replay(c, log, two);
    CHECK(row(r, "/t/[id]").misses == 2);
    CHECK(row(r, "/t/[id]").hits == 6);
  }

  TEST_CASE("unparsable lines are counted and noted; a line far out of order refuses the log")
  {
    const Config c = config();
    Simulator simulator(c, {});
    CHECK(simulator.feed(line(100, "/a"), 1));
    CHECK(simulator.feed("", 2));
    CHECK(simulator.feed("# comment", 3));
    CHECK(simulator.feed("not a log line", 4));
    CHECK(simulator.feed(line(90, "/a"), 5)); // 10 s late: replayed at 100 s
    const auto refused = simulator.feed(line(10, "/a"), 6);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().line == 6);
    CHECK(refused.error().message.find("90 s before line 1") != std::string::npos);
    const SimulationReport r = simulator.report();
    CHECK(r.lines == 6);
    CHECK(r.unparsable == 1);
    REQUIRE(r.unparsable_lines.size() == 1);
    CHECK(r.unparsable_lines[0].line == 4);
    CHECK(r.unparsable_lines[0].message == "no [time] field");
    CHECK(r.reordered == 1);
    CHECK(r.reordered_lines[0].line == 5);
    CHECK(row(r, "/a").hits == 1);
  }

  TEST_CASE("capacity, eviction and purge-time spellings")
  {
    CHECK(parse_capacity("512MB")->amount == 512ULL << 20);
    CHECK(parse_capacity("10000objects")->unit == Capacity::Unit::objects);
    CHECK(parse_capacity("7B")->amount == 7);
    CHECK(parse_capacity("2GB")->amount == 2ULL << 30);
    CHECK(parse_capacity("10").error().find("no unit") != std::string::npos);
    CHECK(parse_capacity("0MB").error().find("no room") != std::string::npos);
    CHECK(parse_capacity("MB").error().find("not a number") != std::string::npos);
    CHECK(parse_capacity("99999999999999GB").error().find("too large") != std::string::npos);
    CHECK(parse_eviction("sieve") == Eviction::sieve);
    CHECK_FALSE(parse_eviction("fifo"));
    CHECK(parse_event_time("2024-05-01T10:00:00Z") == k_start_ms);
    CHECK(parse_event_time("1714557600") == k_start_ms);
    CHECK_FALSE(parse_event_time("tomorrow"));
  }
}
