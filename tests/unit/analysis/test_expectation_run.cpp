// Running expectations: mismatches, coverage, --update as a text edit, --generate.
#include <cachectl/analysis/coverage.hpp>
#include <cachectl/analysis/expectation_generate.hpp>
#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectation_update.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

namespace {

const char* const config_text = R"(version = 1
[site]
provider = "cloudflare"
[defaults]
vary = ["Accept-Encoding"]
[bypass]
cookies = ["session"]
[routes."/"]
max_age = 600
[routes."/blog/[slug]"]
max_age = 300
tags = ["post:{slug}"]
[routes."/blog/[...path]"]
max_age = 3600
[routes."/blog/[...all]"]
max_age = 1
[routes."/admin/[...rest]"]
cache = false
)";

Config
config()
{
  auto c = parse_config(config_text, "cache.toml");
  REQUIRE(c.has_value());
  return std::move(*c);
}

ExpectationFile
expectations(const std::string& body)
{
  auto f = parse_expectations("version = 1\n" + body, "cache.test.toml");
  REQUIRE_MESSAGE(f.has_value(), f.error().front().message);
  return std::move(*f);
}

} // namespace

TEST_CASE("a case that gets what it expects passes")
{
  const Config c = config();
  const auto results = run_expectations(c, expectations(R"([[case]]
url = "/blog/hello"
expect.rule = "/blog/[slug]"
expect.params = { slug = "hello" }
expect.cache = true
expect.max_age = 300
expect.tags = ["post:hello"]
expect.swr = 0
[case.headers.cloudflare]
Cloudflare-CDN-Cache-Control = "max-age=300"
cache-tag = "post:hello"
Set-Cookie = false
)"));
  REQUIRE(results.size() == 1);
  // swr is not set: the only mismatch, with no actual value.
  REQUIRE(results[0].mismatches.size() == 1);
  CHECK(results[0].mismatches[0].expectation == 5);
  CHECK_FALSE(results[0].mismatches[0].actual.has_value());
  CHECK(results[0].rule == 1u);
  CHECK(results[0].provider == "cloudflare");
}

TEST_CASE("mismatches carry the actual answer; requests trip bypass, methods and statuses")
{
  const Config c = config();
  const auto results = run_expectations(c, expectations(R"([[case]]
url = "/blog/hello"
request_headers = { Cookie = "session=1" }
expect.cache = true
headers.Cache-Control = "max-age=0"
[[case]]
url = "/blog/hello"
method = "POST"
expect.cache = false
[[case]]
url = "/missing"
expect.rule = "/mising"
expect.cache = false
)"));
  REQUIRE(results.size() == 3);
  REQUIRE(results[0].mismatches.size() == 2);
  CHECK(results[0].mismatches[0].actual == "false");
  CHECK(results[0].mismatches[1].actual == "\"private, no-store\"");
  CHECK(results[1].passed());
  REQUIRE(results[2].mismatches.size() == 1);
  CHECK(results[2].mismatches[0].actual == "false");
  CHECK(results[2].kind == Resolution::Kind::unmatched);
  // A rule that does not exist is said so, with the closest one.
  CHECK(results[2].mismatches[0].note == "cache.toml has no rule `/mising`"); // nothing close
}

TEST_CASE("a rule that does not exist is named with the closest rule")
{
  const auto results = run_expectations(config(), expectations(R"([[case]]
url = "/blog/x"
expect.rule = "/blgo/[slug]"
)"));
  REQUIRE(results[0].mismatches.size() == 1);
  CHECK(results[0].mismatches[0].actual == "\"/blog/[slug]\"");
  CHECK(results[0].mismatches[0].note ==
        "cache.toml has no rule `/blgo/[slug]`; did you mean `/blog/[slug]`?");
}

TEST_CASE("coverage: won, lost every time, never reached")
{
  const Config c = config();
  const auto results = run_expectations(c, expectations(R"([[case]]
url = "/"
[[case]]
url = "/blog/x"
[[case]]
url = "/blog/x/y"
)"));
  const Coverage coverage = compute_coverage(c, results);
  REQUIRE(coverage.rules.size() == 5);
  CHECK(coverage.rules[0].state == RuleState::won);
  CHECK(coverage.rules[1].state == RuleState::won);
  CHECK(coverage.rules[1].wins == 1);
  // /blog/[...all] beats /blog/[...path] (the final tie-break on the route text)…
  CHECK(coverage.rules[2].state == RuleState::lost);
  CHECK(coverage.rules[2].losses == 2);
  CHECK(coverage.rules[3].state == RuleState::won);
  CHECK(coverage.rules[3].losses == 1); // …and lost /blog/x to [slug]
  CHECK(coverage.rules[4].state == RuleState::unreached);
  CHECK(coverage.won == 3);
  CHECK(coverage.percent() == doctest::Approx(60.0));
  CHECK(to_string(RuleState::lost) == "lost");
  CHECK(Coverage{}.percent() == doctest::Approx(100.0));
}

TEST_CASE("--update: replaced values, removed lines, values it cannot remove")
{
  const std::string before = R"(version = 1
# the home page
[[case]]
url = "/"   # root
expect.max_age = 60        # was a minute
expect.swr = 5
expect.cache = true

[case.headers.cloudflare]
Cloudflare-CDN-Cache-Control = "max-age=60"
Cache-Tag = "x"  # none any more

[[case]]
url = "/blog/é"
expect = { rule = "/", swr = 1 }
)";
  auto file = parse_expectations(before, "cache.test.toml");
  REQUIRE(file.has_value());
  const auto results = run_expectations(config(), *file);
  const UpdateResult updated = update_expectations(*file, results);
  CHECK(updated.text == R"(version = 1
# the home page
[[case]]
url = "/"   # root
expect.max_age = 600        # was a minute
expect.cache = true

[case.headers.cloudflare]
Cloudflare-CDN-Cache-Control = "max-age=600"
Cache-Tag = false  # none any more

[[case]]
url = "/blog/é"
expect = { rule = "/blog/[slug]", swr = 1 }
)");
  CHECK(updated.changed == 5);
  REQUIRE(updated.skipped.size() == 1);
  CHECK(updated.skipped[0] == "cache.test.toml:15: `swr` is no longer set; remove it by hand");
  // Run again on the updated text: only the value it could not remove still differs.
  auto again = parse_expectations(updated.text, "cache.test.toml");
  REQUIRE(again.has_value());
  const auto rerun = run_expectations(config(), *again);
  CHECK(rerun[0].passed());
  CHECK(rerun[1].mismatches.size() == 1);
}

TEST_CASE("--generate: one case per rule at a URL it wins, asserting today's answers")
{
  const Config c = config();
  const ReferenceMatcher m(c);
  CHECK(winning_url(c, m, 0) == "/");
  CHECK(winning_url(c, m, 1) == "/blog/slug");
  CHECK_FALSE(winning_url(c, m, 2).has_value()); // /blog/[...path] never wins
  CHECK(winning_url(c, m, 3) == "/blog/all/all");
  const GeneratedExpectations generated = generate_expectations(c, "cache.toml", "cloudflare");
  CHECK(generated.unreachable == std::vector<std::size_t>{2});
  CHECK(generated.text.find("# /blog/[...path]  (cache.toml:13): no URL found") !=
        std::string::npos);
  // The generated file loads and every one of its cases passes.
  auto file = parse_expectations(generated.text, "cache.test.toml");
  REQUIRE_MESSAGE(file.has_value(), file.error().front().message);
  CHECK(file->cases.size() == 4);
  for (const CaseResult& result : run_expectations(c, *file)) {
    CHECK(result.passed());
  }
  const Coverage coverage = compute_coverage(c, run_expectations(c, *file));
  CHECK(coverage.won == 4);
}

TEST_CASE("--generate under a base and trailing_slash = always: request paths")
{
  auto c = parse_config(R"(version = 1
[site]
base = "/docs"
trailing_slash = "always"
[routes."/"]
max_age = 1
[routes."/[lang]/[...slug]"]
max_age = 2
)",
                        "docs.toml");
  REQUIRE(c.has_value());
  const ReferenceMatcher m(*c);
  CHECK(winning_url(*c, m, 0) == "/docs/");
  CHECK(winning_url(*c, m, 1) == "/docs/lang/slug/");
}

TEST_CASE("--generate: when the obvious URLs belong to other rules, the automata find one")
{
  auto c = parse_config(R"(version = 1
[routes."/[slug]"]
max_age = 1
[routes."/slug"]
max_age = 2
[routes."/x"]
max_age = 3
)",
                        "c.toml");
  REQUIRE(c.has_value());
  const ReferenceMatcher m(*c);
  // `/slug` (the name) and `/x` (the automaton's shortest example) are taken by static rules.
  const auto url = winning_url(*c, m, 0);
  REQUIRE(url.has_value());
  CHECK(*url != "/slug");
  CHECK(*url != "/x");
  const Resolution r = resolve(*c, m, *url);
  REQUIRE(r.match.has_value());
  CHECK(r.match->rule == 0u);
}

TEST_CASE("--update leaves params written as a table alone and says so")
{
  for (const std::string params :
       {"[case.expect.params]\nslug = \"y\"\n", "expect.params.slug = \"y\"\n"}) {
    CAPTURE(params);
    auto file = parse_expectations("version = 1\n[[case]]\nurl = \"/blog/x\"\n" + params,
                                   "cache.test.toml");
    REQUIRE(file.has_value());
    const auto results = run_expectations(config(), *file);
    REQUIRE(results[0].mismatches.size() == 1);
    const UpdateResult updated = update_expectations(*file, results);
    CHECK(updated.text == file->text);
    CHECK(updated.changed == 0);
    REQUIRE(updated.skipped.size() == 1);
    CHECK(updated.skipped[0].find("`params` is written as a table, not inline; update it by hand "
                                  "to { slug = \"x\" }") != std::string::npos);
  }
}
