// The decision memo of `simulate` (lib/src/analysis/request_memo.hpp) and the flat table of the
// cache store: neither may change an answer. The memo is checked on its own (every field of a
// request keys it, a full set replaces its least recently used slot, a long request is never
// kept) and through whole replays: the same random log gives the same report with the memo off,
// of one set, of a few sets (far fewer slots than the log's distinct requests) and of the
// default size.
#include "analysis/request_memo.hpp"

#include <cachectl/analysis/cache_model.hpp>
#include <cachectl/analysis/simulate.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <map>
#include <random>

using namespace cachectl;

namespace {

// A memo of strings whose computations are counted.
struct Counting {
  RequestMemo<std::string> memo;
  int computed = 0;

  explicit Counting(std::size_t slots)
      : memo(slots)
  {
  }

  std::string
  get(std::string_view method, int status, std::string_view host, std::string_view target)
  {
    return memo.get(RequestFields{method, status, host, target}, [&] {
      ++computed;
      return fmt::format("{} {} {} {}", method, status, host, target);
    });
  }
};

const char* const memo_config_text = R"(version = 1
[bypass]
query = ["preview"]
[routes."/a/[id]"]
max_age = 20
swr = 10
stale_if_error = 60
[routes."/b/[...rest]"]
max_age = 5
statuses = [200]
methods = ["GET"]
[routes."/b/[...rest]".cache_key]
query = ["page"]
[routes."/c/[id]"]
max_age = 300
[routes."/c/[id]".status]
404 = 7
[routes."/d/[id]"]
cache = false
)";

// A random common log of `count` lines, one to three a second, over `targets` distinct paths
// (with and without queries, absolute URLs with a host among them), statuses and methods.
std::vector<std::string>
random_log(unsigned seed, int count, int targets)
{
  std::mt19937 rng(seed);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string_view> prefixes = {"/a/", "/b/x/", "/c/", "/d/", "/e/"};
  const std::vector<std::string_view> queries = {"", "?page=2", "?preview=1", "?utm=3&page=1", "?"};
  const std::vector<std::string_view> hosts = {"", "http://one.example", "https://TWO.example"};
  const std::vector<int> statuses = {200, 200, 200, 304, 404, 500, 503};
  const std::vector<std::string_view> methods = {"GET", "GET", "GET", "HEAD", "POST"};
  std::vector<std::string> lines;
  int second = 0;
  for (int i = 0; i < count; ++i) {
    second += pick(3) == 0 ? 1 : 0;
    const int object = pick(targets);
    const std::string target = fmt::format("{}{}{}{}",
                                           hosts[static_cast<std::size_t>(object % 3)],
                                           prefixes[static_cast<std::size_t>(object % 5)],
                                           object / 5,
                                           queries[static_cast<std::size_t>(object / 7 % 5)]);
    lines.push_back(
        fmt::format(R"(10.0.0.{} - - [01/May/2024:{:02}:{:02}:{:02} +0000] "{} {} HTTP/1.1" {} {})",
                    pick(4),
                    10 + second / 3600,
                    second / 60 % 60,
                    second % 60,
                    methods[static_cast<std::size_t>(pick(5))],
                    target,
                    statuses[static_cast<std::size_t>(pick(7))],
                    100 + pick(1000)));
  }
  return lines;
}

SimulationReport
replay_log(const Config& c, const std::vector<std::string>& lines, SimulationSettings settings)
{
  Simulator simulator(c, std::move(settings));
  std::size_t number = 0;
  for (const auto& text : lines) {
    REQUIRE(simulator.feed(text, ++number).has_value());
  }
  return simulator.report();
}

// Every count of two reports, as text (a difference shows which).
std::string
summary(const SimulationReport& r)
{
  const auto counts = [](const SimulationCounts& c) {
    return fmt::format("{} {} {} {} {} {} {} {} {}",
                       c.requests,
                       c.hits,
                       c.stale_hits,
                       c.stale_if_error,
                       c.misses,
                       c.passes,
                       c.origin_requests,
                       c.bytes,
                       c.hit_bytes);
  };
  std::string out = fmt::format("total {} origin {} {} evictions {} purges {} {}\n",
                                counts(r.total),
                                r.origin.peak,
                                r.origin.p99,
                                r.evictions,
                                r.purges,
                                r.purged_objects);
  for (const RuleSimulation& rule : r.rules) {
    out += fmt::format(
        "{} {} {} {}\n", rule.pattern, counts(rule.counts), rule.origin.peak, rule.origin.p99);
  }
  for (const MinuteCount& m : r.minutes) {
    out += fmt::format("{}:{}/{} ", m.minute, m.hits, m.requests);
  }
  return out;
}

} // namespace

TEST_SUITE("simulate")
{
  TEST_CASE(
      "RequestMemo: every field keys it, a taken slot is replaced, long requests are not kept")
  {
    Counting one(1);
    CHECK(one.get("GET", 200, "", "/x") == "GET 200  /x");
    CHECK(one.get("GET", 200, "", "/x") == "GET 200  /x");
    CHECK(one.computed == 1);
    CHECK(one.get("HEAD", 200, "", "/x") == "HEAD 200  /x");
    CHECK(one.get("GET", 404, "", "/x") == "GET 404  /x");
    CHECK(one.get("GET", 404, "h", "/x") == "GET 404 h /x");
    CHECK(one.get("GET", 404, "", "h/x") == "GET 404  h/x"); // same bytes, other split
    CHECK(one.get("GE", 404, "", "T/x") == "GE 404  T/x");
    CHECK(one.computed == 6);
    CHECK(one.memo.computed() == 6);
    // The set holds the last four; the first two were replaced, least recently used first.
    CHECK(one.get("GE", 404, "", "T/x") == "GE 404  T/x");
    CHECK(one.get("GET", 404, "h", "/x") == "GET 404 h /x");
    CHECK(one.computed == 6);
    CHECK(one.get("GET", 200, "", "/x") == "GET 200  /x");
    CHECK(one.get("HEAD", 200, "", "/x") == "HEAD 200  /x");
    CHECK(one.computed == 8);

    Counting off(0);
    CHECK(off.get("GET", 200, "", "/x") == "GET 200  /x");
    CHECK(off.get("GET", 200, "", "/x") == "GET 200  /x");
    CHECK(off.computed == 2);

    Counting many(1024);
    const std::string long_target(RequestMemo<std::string>::max_request_bytes, 'x');
    CHECK(many.get("GET", 200, "", long_target) == "GET 200  " + long_target);
    CHECK(many.get("GET", 200, "", long_target) == "GET 200  " + long_target);
    CHECK(many.computed == 2);
    for (int round = 0; round < 2; ++round) {
      for (int i = 0; i < 100; ++i) {
        CHECK(many.get("GET", 200, "", fmt::format("/{}", i)) == fmt::format("GET 200  /{}", i));
      }
    }
    CHECK(many.computed < 2 + 200); // the second round found some
  }

  TEST_CASE("the memo never changes a report: off, one set, a few sets, the default")
  {
    auto c = parse_config(memo_config_text, "cache.toml");
    REQUIRE(c.has_value());
    for (const unsigned seed : {1U, 2U, 3U}) {
      // 2,500 distinct targets (and their methods and statuses) against 4 or 16 slots.
      const auto log = random_log(seed, 6000, 2500);
      SimulationSettings settings;
      settings.capacity = Capacity{Capacity::Unit::objects, seed == 2 ? 50U : 400U};
      settings.eviction = seed == 3 ? Eviction::sieve : Eviction::lru;
      settings.pops = seed;
      settings.purge_every_ms = seed == 1 ? 600'000 : 0;
      settings.memo_slots = 0;
      const std::string want = summary(replay_log(*c, log, settings));
      for (const std::size_t slots : {std::size_t{1}, std::size_t{16}, default_memo_slots}) {
        CAPTURE(seed);
        CAPTURE(slots);
        settings.memo_slots = slots;
        CHECK(summary(replay_log(*c, log, settings)) == want);
      }
    }
  }

  TEST_CASE("CacheStore: the flat table finds, drops and purges every key as a map would")
  {
    CacheStore store(Capacity{}, Eviction::lru);
    std::map<std::string, std::int64_t> fresh_until; // the objects held
    std::mt19937 rng(7);
    for (std::int64_t now = 0; now < 20000; ++now) {
      const std::string key = fmt::format("h\t/k/{}", rng() % 3000);
      const unsigned kind = rng() % 4; // 0: not stored, 1: fresh 1 ms, else fresh a long time
      const std::int64_t ttl = kind == 1 ? 1 : 1'000'000;
      const auto store_as = kind == 0 ? std::nullopt : std::optional(Freshness{ttl, 0, 0});
      const auto held = fresh_until.find(key);
      const bool fresh = held != fresh_until.end() && now < held->second;
      CHECK(store.serve(key, now, false, store_as, 1, 0) == (fresh ? Outcome::hit : Outcome::miss));
      if (!fresh) {
        fresh_until.erase(key);
        if (store_as) {
          fresh_until[key] = now + ttl;
        }
      }
      if (now % 5000 == 4999) {
        const std::size_t dropped =
            store.purge_if([](std::string_view k, std::uint32_t) { return k.back() % 2 == 0; });
        CHECK(dropped == std::erase_if(fresh_until, [](const auto& object) {
                return object.first.back() % 2 == 0;
              }));
      }
      REQUIRE(store.objects() == fresh_until.size());
    }
  }
}
