#include <cachectl/live/cache_status.hpp>

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace cachectl;

TEST_SUITE_BEGIN("cache_status");

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// The state the headers `fields` say.
CacheState
state_of(const Fields& fields)
{
  return cache_status_of(fields).state;
}

} // namespace

TEST_CASE("an RFC 9211 entry: its cache name and parameters, bare keys as ?1")
{
  const auto entries = parse_cache_status_field(R"(ExampleCache; hit; ttl=376; key="a;b,c")");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].cache == "ExampleCache");
  REQUIRE(entries[0].params.size() == 3);
  CHECK(entries[0].params[0] == std::pair<std::string, std::string>{"hit", "?1"});
  CHECK(entries[0].params[1] == std::pair<std::string, std::string>{"ttl", "376"});
  // Separators inside a quoted string do not split the list or the parameters.
  CHECK(entries[0].params[2] == std::pair<std::string, std::string>{"key", "a;b,c"});
}

TEST_CASE("several caches: in list order, origin first, a quoted cache name unquoted")
{
  const auto entries =
      parse_cache_status_field(R"(OriginCache; hit; ttl=1100, "CDN Company Here"; fwd=uri-miss)");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].cache == "OriginCache");
  CHECK(entries[1].cache == "CDN Company Here");
  CHECK(entries[1].params.at(0).second == "uri-miss");
}

TEST_CASE("malformed members are skipped, never a crash")
{
  CHECK(parse_cache_status_field("").empty());
  CHECK(parse_cache_status_field(" , ,, ").empty());
  const auto entries = parse_cache_status_field(R"(;hit, a; =1; ; B=2, "unterminated; hit)");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].cache == "a");
  REQUIRE(entries[0].params.size() == 1);           // the parameter without a key is dropped
  CHECK(entries[0].params[0].first == "b");         // keys are lowercased
  CHECK(entries[1].cache == "\"unterminated; hit"); // an unterminated string stays as written
  CHECK(entries[1].params.empty());
}

TEST_CASE("Cache-Status: the last entry (nearest the client) decides")
{
  CHECK(state_of({{"cache-status", "Origin; hit, CDN; fwd=uri-miss"}}) == CacheState::miss);
  CHECK(state_of({{"cache-status", "Origin; fwd=uri-miss, CDN; hit"}}) == CacheState::hit);
  CHECK(state_of({{"cache-status", "CDN; fwd=stale"}}) == CacheState::stale);
  CHECK(state_of({{"cache-status", "CDN; fwd=bypass"}}) == CacheState::bypass);
  CHECK(state_of({{"cache-status", "CDN; fwd=method"}}) == CacheState::bypass);
  CHECK(state_of({{"cache-status", "CDN; fwd=request"}}) == CacheState::bypass);
  CHECK(state_of({{"cache-status", "CDN; fwd=vary-miss; stored"}}) == CacheState::miss);
  // Two field lines are one list: the second line's entry is the nearest.
  CHECK(state_of({{"cache-status", "Origin; fwd=miss"}, {"cache-status", "CDN; hit"}}) ==
        CacheState::hit);
  const CacheStatus status = cache_status_of({{"cache-status", "CDN; hit; ttl=42"}});
  CHECK(status.source == "cache-status");
  CHECK(status.value == "CDN; hit; ttl=42");
  CHECK(status.ttl == 42);
}

TEST_CASE("Cache-Status without hit or fwd says nothing: the provider headers are asked next")
{
  const CacheStatus silent = cache_status_of({{"cache-status", "CDN; ttl=10"}});
  CHECK(silent.state == CacheState::unknown);
  CHECK(silent.source.empty()); // found by the fuzz target: an unknown state names no header
  CHECK(silent.value.empty());
  CHECK(silent.ttl == 10);
  const CacheStatus status = cache_status_of({{"cache-status", "CDN"}, {"x-cache", "HIT"}});
  CHECK(status.state == CacheState::hit);
  CHECK(status.source == "x-cache");
  // `hit=?0` is not a hit.
  CHECK(state_of({{"cache-status", "CDN; hit=?0"}}) == CacheState::unknown);
}

TEST_CASE("each provider's own header and spelling")
{
  CHECK(state_of({{"cf-cache-status", "HIT"}}) == CacheState::hit);
  CHECK(state_of({{"cf-cache-status", "MISS"}}) == CacheState::miss);
  CHECK(state_of({{"cf-cache-status", "EXPIRED"}}) == CacheState::miss);
  CHECK(state_of({{"cf-cache-status", "DYNAMIC"}}) == CacheState::bypass);
  CHECK(state_of({{"cf-cache-status", "BYPASS"}}) == CacheState::bypass);
  CHECK(state_of({{"cf-cache-status", "UPDATING"}}) == CacheState::stale);
  CHECK(state_of({{"cf-cache-status", "STALE"}}) == CacheState::stale);
  CHECK(state_of({{"cf-cache-status", "REVALIDATED"}}) == CacheState::stale);
  CHECK(state_of({{"x-vercel-cache", "PRERENDER"}}) == CacheState::hit);
  CHECK(state_of({{"x-vercel-cache", "MISS"}}) == CacheState::miss);
  CHECK(state_of({{"x-cache", "Hit from cloudfront"}}) == CacheState::hit);
  CHECK(state_of({{"x-cache", "RefreshHit from cloudfront"}}) == CacheState::stale);
  CHECK(state_of({{"x-cache", "TCP_MISS"}}) == CacheState::miss);
  CHECK(state_of({{"x-cache-status", "HIT"}}) == CacheState::hit); // nginx
  CHECK(state_of({{"cdn-cache", "MISS"}}) == CacheState::miss);    // bunny
  // Fastly: shield, then edge; the edge (last) is nearest the client.
  CHECK(state_of({{"x-cache", "HIT, MISS"}}) == CacheState::miss);
  CHECK(state_of({{"x-cache", "MISS, HIT"}}) == CacheState::hit);
}

TEST_CASE("a provider header with an unknown word says nothing")
{
  CHECK(parse_cache_word("") == CacheState::unknown);
  CHECK(parse_cache_word("   ") == CacheState::unknown);
  CHECK(parse_cache_word("banana") == CacheState::unknown);
  const CacheStatus status = cache_status_of({{"x-cache", "banana"}});
  CHECK(status.state == CacheState::unknown);
  CHECK(status.source.empty());
}

TEST_CASE("Age: a positive Age alone means a cache stored the response; invalid ages ignored")
{
  CacheStatus status = cache_status_of({{"age", "12"}});
  CHECK(status.state == CacheState::hit);
  CHECK(status.source == "age");
  CHECK(status.age == 12);
  status = cache_status_of({{"age", "0"}});
  CHECK(status.state == CacheState::unknown);
  CHECK(status.age == 0);
  for (const char* bad : {"-1", "1.5", "", "12s", "9999999999999999", "0x10"}) {
    CAPTURE(bad);
    status = cache_status_of({{"age", bad}});
    CHECK_FALSE(status.age.has_value());
    CHECK(status.state == CacheState::unknown);
  }
  // A status header wins over Age, and the Age is still reported.
  status = cache_status_of({{"age", "30"}, {"x-cache", "MISS"}});
  CHECK(status.state == CacheState::miss);
  CHECK(status.age == 30);
}

TEST_CASE("a long header value is kept to 200 bytes for messages")
{
  const std::string value = "HIT" + std::string(1000, ' ') + "x";
  const CacheStatus status = cache_status_of({{"x-cache", value}});
  CHECK(status.state == CacheState::hit);
  CHECK(status.value.size() == 200);
}

TEST_CASE("no header: unknown, nothing served from cache")
{
  const CacheStatus status = cache_status_of({});
  CHECK(status.state == CacheState::unknown);
  CHECK_FALSE(served_from_cache(status.state));
  CHECK(served_from_cache(CacheState::hit));
  CHECK(served_from_cache(CacheState::stale));
  CHECK_FALSE(served_from_cache(CacheState::miss));
  CHECK_FALSE(served_from_cache(CacheState::bypass));
  CHECK(to_string(CacheState::stale) == "stale");
  CHECK(to_string(CacheState::unknown) == "unknown");
}

TEST_SUITE_END();
