// Issue 16, the library side: de-duplication on the value (a keyed hash only finds candidates),
// secrets masked before anything is cut, settings refused when out of range.
#include "purge/adapters/adapters.hpp"
#include "purge/purge_plan.hpp"
#include "purge/retry_policy.hpp"
#include "purge/secret_mask.hpp"
#include "purge/target_set.hpp"

#include <cachectl/purge/purge.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <random>
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

  TEST_CASE("secret mask: before anything is cut, in JSON escapes too, in headers")
  {
    const std::string token = "tok/SECRET-unit-0123456789";
    const SecretMask mask({token, "ab"});
    HttpResponse response;
    response.status = 400;
    // The token spelt with JSON escapes (`\/`, `\u0053`) and placed across the 200-byte cut.
    response.body = R"({"errors":[{"message":")" + std::string(190, 'x') +
                    R"(tok\/\u0053ECRET-unit-0123456789"}]})";
    response.headers.emplace_back("x-echo", "id " + token);
    mask.mask(response);
    CHECK(response.body.find("SECRET") == std::string::npos);
    CHECK(response.body.find("***") != std::string::npos);
    CHECK(response.headers[0].second == "id ***");
    CHECK(purge::error_text(response.body).find("tok") == std::string::npos);
    CHECK(mask("ab stays") == "ab stays"); // too short to be masked
  }

  TEST_CASE("retry policy: a capped Retry-After is said; gave up after 1 attempt")
  {
    std::mt19937_64 random(1);
    Verdict verdict;
    verdict.retry_after = 3600;
    const RetryDelay capped = retry_delay(verdict, 1, random);
    CHECK(capped.seconds == k_max_retry_after);
    CHECK(capped.note == "Retry-After 3600 s capped to 120 s");
    verdict.retry_after = 2;
    CHECK(retry_delay(verdict, 1, random).note.empty());
    CHECK(gave_up("HTTP 503", 1) == "HTTP 503 (gave up after 1 attempt)");
    CHECK(gave_up("HTTP 503", 6) == "HTTP 503 (gave up after 6 attempts)");
  }

  TEST_CASE("setting ranges: NaN, infinities, tiny and huge are refused with the range")
  {
    CHECK(purge_setting_refusal("timeout", 30).empty());
    CHECK(purge_setting_refusal("timeout", std::nan("")) ==
          "must be from 0.001 to 3600 seconds, not nan");
    CHECK(purge_setting_refusal("timeout", 0.0001) ==
          "must be from 0.001 to 3600 seconds, not 0.0001");
    CHECK(purge_setting_refusal("rate", 1e-20) ==
          "must be from 0.001 to 10000 requests per second, not 1e-20");
    CHECK(purge_setting_refusal("rate", 1e308).find("not 1e+308") != std::string::npos);
    CHECK_FALSE(purge_setting_refusal("deadline", INFINITY).empty());
  }

  TEST_CASE("success shapes: a 2xx body that says failure is not a purge")
  {
    HttpResponse response;
    response.status = 201;
    const auto judge = [&](std::string body, const purge::SuccessShape& shape) {
      response.body = std::move(body);
      return purge::check_success_shape(Verdict{}, response, shape).kind;
    };
    const purge::SuccessShape akamai{
        .empty_ok = false, .status_key = "httpStatus", .status_value = 201};
    CHECK(judge(R"({"httpStatus":201,"purgeId":"x"})", akamai) == Verdict::Kind::ok);
    CHECK(judge(R"({"httpStatus":403,"title":"unauthorized arl"})", akamai) ==
          Verdict::Kind::fatal);
    CHECK(judge("{}", akamai) == Verdict::Kind::retry);
    CHECK(judge("", akamai) == Verdict::Kind::retry);
    CHECK(judge("null", {.error_key = "ErrorKey"}) == Verdict::Kind::retry);
    CHECK(judge("[]", {.error_key = "error"}) == Verdict::Kind::retry);
    CHECK(judge("", {.error_key = "ErrorKey"}) == Verdict::Kind::ok);
    CHECK(judge(R"({"ErrorKey":"x","Message":"m"})", {.error_key = "ErrorKey"}) ==
          Verdict::Kind::fail);
    CHECK(judge(R"({"error":{"code":"rate_limited","message":"m"}})", {.error_key = "error"}) ==
          Verdict::Kind::retry);
    CHECK(judge(R"({"code":401,"message":"m"})", {.code_key = "code"}) == Verdict::Kind::fatal);
    CHECK(judge(R"({"status":"ok"})", {.code_key = "code"}) == Verdict::Kind::ok);
    CHECK(judge(R"({"status":"Failed"})", {.error_key = "error", .state_key = "status"}) ==
          Verdict::Kind::fail);
  }

  TEST_CASE("nginx: a miss is `not cached` for one key, a failure for a key prefix")
  {
    // Debian 12's ngx_cache_purge (FRiCKLE 2.3) has no partial keys: it answers `PURGE /p*`
    // with the miss of the literal key `/p*` and purges nothing (seen in tests/live).
    PurgeContext context;
    context.lists["nodes"] = {"http://127.0.0.1:1"};
    const auto adapter = purge::make_nginx(context);
    REQUIRE(adapter.has_value());
    for (const int status : {404, 412}) {
      HttpResponse miss;
      miss.status = status;
      const Verdict url =
          (*adapter)->judge({}, miss, {TargetKind::url, {"https://www.example.com/a"}});
      CHECK(url.kind == Verdict::Kind::ok);
      CHECK(url.id == "not cached");
      for (const TargetKind kind : {TargetKind::prefix, TargetKind::host, TargetKind::everything}) {
        const Verdict wildcard =
            (*adapter)->judge({}, miss, {kind, {"https://www.example.com/a/"}});
        CHECK(wildcard.kind == Verdict::Kind::fail);
        CHECK(wildcard.reason.find("partial keys") != std::string::npos);
      }
    }
    HttpResponse purged;
    purged.status = 200;
    CHECK(
        (*adapter)->judge({}, purged, {TargetKind::prefix, {"https://www.example.com/a/"}}).kind ==
        Verdict::Kind::ok);
  }
}
