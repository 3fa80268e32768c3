#include "../headers/headers_support.hpp"

#include <cachectl/analysis/expectation_generate.hpp>
#include <cachectl/live/check.hpp>
#include <cachectl/match/compiled_matcher.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace cachectl;
using cachectl::test::load;
using cachectl::test::render;

TEST_SUITE_BEGIN("check");

namespace {

constexpr const char* k_config = R"(version = 1
[site]
origins = ["https://www.example.com"]

[routes."/blog/[slug]"]
max_age = 300
swr = 60
browser_max_age = 60
tags = ["blog"]

[routes."/api/[...rest]"]
cache = false

[routes."/zero"]
max_age = 0
)";

// A config, its matcher and a checker of the generic provider, edge mode unless told.
struct Fixture {
  Config config = load(k_config);
  CompiledMatcher matcher{config};
  CheckSettings settings{.mode = CheckMode::edge, .provider = find_provider("generic")};

  Checker
  checker() const
  {
    return Checker(config, matcher, settings);
  }

  // The response headers `headers --provider generic` gives for `path`, names lowercase, plus
  // `extra`.
  ResponseHeaders
  configured(std::string_view path, ResponseHeaders extra = {}) const
  {
    ResponseHeaders out;
    for (const Header& header : render(config, path, "generic").headers) {
      std::string name = header.name;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
      });
      out.emplace_back(std::move(name), header.value);
    }
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
};

// A 200 response with `headers`.
ProbeResponse
ok(ResponseHeaders headers)
{
  return ProbeResponse{200, std::move(headers), "", 0.01};
}

// The kinds of `result`'s findings, in order.
std::vector<FindingKind>
kinds(const UrlCheck& result)
{
  std::vector<FindingKind> out;
  for (const Finding& finding : result.findings) {
    out.push_back(finding.kind);
  }
  return out;
}

} // namespace

TEST_CASE("plan: a cacheable page twice; an opted-out page and its deception spellings twice")
{
  Fixture f;
  auto jobs = f.checker().plan("https://www.example.com/blog/a");
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].url == "https://www.example.com/blog/a");
  CHECK(jobs[0].times == 2);
  jobs = f.checker().plan("https://www.example.com/api/me?x=1");
  REQUIRE(jobs.size() == 4);
  CHECK(jobs[1].url == "https://www.example.com/api/me/cachectl-probe.css");
  CHECK(jobs[2].url == "https://www.example.com/api/me;cachectl-probe.css");
  CHECK(jobs[3].url == "https://www.example.com/api/me%2Fcachectl-probe.css");
  for (const ProbeJob& job : jobs) {
    CHECK(job.times == 2);
  }
  // An unmatched URL is requested once more to say so, but has no spellings.
  CHECK(f.checker().plan("https://www.example.com/nothing").size() == 1);
}

TEST_CASE("plan: --no-deception and the origin mode")
{
  Fixture f;
  f.settings.deception = false;
  CHECK(f.checker().plan("https://www.example.com/api/me").size() == 1);
  f.settings.deception = true;
  f.settings.mode = CheckMode::origin;
  const auto jobs = f.checker().plan("https://www.example.com/api/me");
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].times == 1); // the origin has no cache to observe
}

TEST_CASE("evaluate: no response is unreachable, with the transport's reason")
{
  Fixture f;
  UrlCheck result = f.checker().evaluate("https://www.example.com/blog/a",
                                         {{ProbeResponse{0, {}, "Connection refused", 0}}});
  CHECK_FALSE(result.answered);
  CHECK(kinds(result) == std::vector{FindingKind::unreachable});
  CHECK(result.findings[0].message == "no response: Connection refused");
  result = f.checker().evaluate("https://www.example.com/blog/a", {{}});
  CHECK(kinds(result) == std::vector{FindingKind::unreachable});
  CHECK(result.findings[0].message == "not requested");
}

TEST_CASE("evaluate: a URL no rule covers is unmatched")
{
  Fixture f;
  const UrlCheck result = f.checker().evaluate("https://www.example.com/nothing", {{ok({})}});
  CHECK(result.answered);
  CHECK_FALSE(result.rule.has_value());
  CHECK(kinds(result) == std::vector{FindingKind::unmatched});
}

TEST_CASE("evaluate at the edge: as configured, MISS then HIT")
{
  Fixture f;
  const std::string path = "/blog/a";
  const UrlCheck result =
      f.checker().evaluate("https://www.example.com" + path,
                           {{ok(f.configured(path, {{"x-cache", "MISS"}})),
                             ok(f.configured(path, {{"x-cache", "HIT"}, {"age", "3"}}))}});
  CHECK(result.findings.empty());
  CHECK(result.rule == 0);
  CHECK(result.cacheable);
  REQUIRE(result.first.has_value());
  REQUIRE(result.second.has_value());
  CHECK(result.first->state == CacheState::miss);
  CHECK(result.second->state == CacheState::hit);
  CHECK(result.notes.empty());
}

TEST_CASE("evaluate at the edge: a cacheable page that does not HIT the second time")
{
  Fixture f;
  const std::string path = "/blog/a";
  const UrlCheck result =
      f.checker().evaluate("https://www.example.com" + path,
                           {{ok(f.configured(path, {{"cf-cache-status", "MISS"}})),
                             ok(f.configured(path, {{"cf-cache-status", "DYNAMIC"}}))}});
  CHECK(kinds(result) == std::vector{FindingKind::hit_expected});
  CHECK(result.findings[0].message == "second request was not served from cache "
                                      "(cf-cache-status: DYNAMIC), but the config caches it for "
                                      "300 s");
}

TEST_CASE("evaluate at the edge: no cache status header skips the HIT check with a note")
{
  Fixture f;
  const std::string path = "/blog/a";
  const UrlCheck result = f.checker().evaluate("https://www.example.com" + path,
                                               {{ok(f.configured(path)), ok(f.configured(path))}});
  CHECK(result.findings.empty());
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0].starts_with("no cache status header"));
  // Without a second response the check is skipped too, and said so.
  const UrlCheck one =
      f.checker().evaluate("https://www.example.com" + path, {{ok(f.configured(path))}});
  CHECK(one.findings.empty());
  REQUIRE(one.notes.size() == 1);
  CHECK(one.notes[0].starts_with("the second request got no response"));
}

TEST_CASE("evaluate at the edge: Age beyond TTL + swr (+ 2 s slack)")
{
  Fixture f;
  const std::string path = "/blog/a";
  const std::string url = "https://www.example.com" + path;
  // 300 + 60 + 2 is still within.
  UrlCheck result =
      f.checker().evaluate(url,
                           {{ok(f.configured(path, {{"x-cache", "HIT"}, {"age", "362"}})),
                             ok(f.configured(path, {{"x-cache", "HIT"}, {"age", "362"}}))}});
  CHECK(result.findings.empty());
  result = f.checker().evaluate(url,
                                {{ok(f.configured(path, {{"x-cache", "HIT"}, {"age", "363"}})),
                                  ok(f.configured(path, {{"x-cache", "HIT"}, {"age", "363"}}))}});
  CHECK(kinds(result) == std::vector{FindingKind::age});
  CHECK(result.findings[0].message == "Age 363 exceeds the CDN TTL 300 s + swr 60 s");
}

TEST_CASE("evaluate at the edge: an opted-out page served from cache")
{
  Fixture f;
  const std::string path = "/api/me";
  const std::string url = "https://www.example.com" + path;
  UrlCheck result = f.checker().evaluate(url,
                                         {{ok(f.configured(path, {{"x-cache", "MISS"}})),
                                           ok(f.configured(path, {{"x-cache", "HIT"}}))},
                                          {},
                                          {},
                                          {}});
  CHECK_FALSE(result.cacheable);
  CHECK(kinds(result) == std::vector{FindingKind::hit_forbidden});
  CHECK(result.findings[0].message ==
        "served from cache (x-cache: HIT), but the config says it is not cacheable");
  // A TTL of 0 is said as such.
  result = f.checker().evaluate("https://www.example.com/zero",
                                {{ok(f.configured("/zero", {{"cache-status", "CDN; hit"}}))}});
  CHECK(kinds(result) == std::vector{FindingKind::hit_forbidden});
  CHECK(result.findings[0].message.ends_with("but the config says a TTL of 0"));
}

TEST_CASE("evaluate at the edge: a deception spelling served from cache")
{
  Fixture f;
  const std::string path = "/api/me";
  const std::string url = "https://www.example.com" + path;
  const ProbeResponse miss = ok(f.configured(path, {{"x-cache", "MISS"}}));
  const ProbeResponse hit = ok({{"x-cache", "HIT"}, {"cache-control", "public, max-age=60"}});
  const ProbeResponse not_found = ProbeResponse{404, {{"x-cache", "HIT"}}, "", 0};
  UrlCheck result =
      f.checker().evaluate(url, {{miss, miss}, {miss, hit}, {miss, miss}, {not_found}});
  CHECK(kinds(result) == std::vector{FindingKind::deception});
  CHECK(result.findings[0].message.starts_with("/api/me/cachectl-probe.css (a spelling"));
  // A cached 404 is not the page: no finding.
  result = f.checker().evaluate(url, {{miss, miss}, {not_found, not_found}, {miss}, {miss}});
  CHECK(result.findings.empty());
}

TEST_CASE("evaluate at the edge: a header not as configured")
{
  Fixture f;
  const std::string path = "/blog/a";
  ResponseHeaders lying = {{"cache-control", "public, max-age=600"}, {"x-cache", "HIT"}};
  const UrlCheck result =
      f.checker().evaluate("https://www.example.com" + path, {{ok(lying), ok(lying)}});
  REQUIRE(kinds(result) == std::vector{FindingKind::header});
  REQUIRE(result.findings[0].diff.has_value());
  CHECK(result.findings[0].diff->name == "Cache-Control");
  CHECK(result.findings[0].message.starts_with("Cache-Control differs: directive max-age=60 "
                                               "missing"));
}

TEST_CASE("evaluate at the origin: every header exactly; the cache is not observed")
{
  Fixture f;
  f.settings.mode = CheckMode::origin;
  const std::string path = "/blog/a";
  UrlCheck result =
      f.checker().evaluate("https://www.example.com" + path, {{ok(f.configured(path))}});
  CHECK(result.findings.empty());
  CHECK_FALSE(result.first.has_value());
  ResponseHeaders partial = f.configured(path);
  partial.erase(partial.begin()); // the first configured header is missing
  result = f.checker().evaluate("https://www.example.com" + path, {{ok(partial)}});
  REQUIRE(kinds(result) == std::vector{FindingKind::header});
  CHECK(result.findings[0].diff->absent);
  CHECK(result.findings[0].message.find("missing (configured: ") != std::string::npos);
}

TEST_CASE("--sample: each rule's sample URL is one that rule wins")
{
  const Config config = load(R"(version = 1
[routes."/"]
max_age = 1
[routes."/[page]"]
max_age = 1
[routes."/blog/[slug]"]
max_age = 1
[routes."/blog/new"]
max_age = 1
[routes."/docs/[...path]"]
max_age = 1
[routes."/[lang]-[version]/x"]
max_age = 1
)");
  const CompiledMatcher matcher(config);
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    const auto path = winning_url(config, matcher, i);
    CAPTURE(config.rules[i].pattern.source());
    REQUIRE(path.has_value());
    const Resolution r = resolve(config, matcher, *path);
    REQUIRE(r.match.has_value());
    CHECK(r.match->rule == i);
  }
}

TEST_SUITE_END();
