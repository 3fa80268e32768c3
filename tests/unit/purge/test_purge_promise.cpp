// Issue 16, the library side: de-duplication on the value (a keyed hash only finds candidates),
// secrets masked before anything is cut, settings refused when out of range.
#include "purge/purge_plan.hpp"
#include "purge/target_set.hpp"

#include <cachectl/purge/purge.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace cachectl;

TEST_SUITE("purge")
{
  TEST_CASE("siphash24 matches the reference test vector")
  {
    // The SipHash paper's vector: key 00..0f, message 00..0e.
    std::string message;
    for (int i = 0; i < 15; ++i) {
      message += static_cast<char>(i);
    }
    CHECK(siphash24({0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL}, message) ==
          0xa129ca6149be45e5ULL);
    CHECK(siphash24({0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL}, "") == 0x726fdb47dd0e0e31ULL);
  }

  TEST_CASE("target set: equal bytes are duplicates, kinds are apart, growth keeps everything")
  {
    TargetSet set({1, 2});
    CHECK(set.insert({TargetKind::url, "https://a.example/x"}));
    CHECK_FALSE(set.insert({TargetKind::url, "https://a.example/x"}));
    CHECK(set.insert({TargetKind::tag, "https://a.example/x"}));
    CHECK(set.insert({TargetKind::tag, ""}));
    CHECK_FALSE(set.insert({TargetKind::tag, ""}));
    for (int i = 0; i < 5000; ++i) {
      CHECK(set.insert({TargetKind::url, "u" + std::to_string(i)}));
    }
    for (int i = 0; i < 5000; ++i) {
      CHECK_FALSE(set.insert({TargetKind::url, "u" + std::to_string(i)}));
    }
    CHECK(set.size() == 5003);
  }

  TEST_CASE("target set: a constant hash key still never drops a distinct target")
  {
    // Whatever the key, candidates are compared byte for byte: every slot probe of these
    // values is a collision of their table index, and all are kept.
    TargetSet set({0, 0});
    for (int i = 0; i < 300; ++i) {
      CHECK(set.insert({TargetKind::url, std::string(static_cast<std::size_t>(i), 'a')}));
    }
    CHECK(set.size() == 300);
  }
}
