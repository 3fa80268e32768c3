// The policy step of `headers`: layering, templates, conditions and validators.
#include <cachectl/config/config.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cachectl;

namespace {

// A config from TOML text (which must load).
Config
load(std::string_view text)
{
  auto config = parse_config(text, "cache.toml");
  REQUIRE_MESSAGE(config.has_value(), "the test config does not load");
  return std::move(*config);
}

// The policy of `url` (a path, optionally with a query) under `config`.
Policy
policy_of(const Config& config,
          std::string_view url,
          Request request = {},
          const CacheOptions& overrides = {})
{
  const ReferenceMatcher matcher(config);
  const Resolution r = resolve(config, matcher, url);
  REQUIRE(r.match.has_value());
  request.query = r.url.query;
  request.has_query = r.url.has_query;
  return decide_policy(config, *r.match, request, overrides);
}

// The conditions of a policy, in order.
std::vector<Condition>
conditions(const Policy& policy)
{
  std::vector<Condition> out;
  for (const auto& hit : policy.reasons) {
    out.push_back(hit.condition);
  }
  return out;
}

// A request with one header.
Request
with_header(std::string name, std::string value)
{
  Request request;
  request.headers.emplace_back(std::move(name), std::move(value));
  return request;
}

constexpr std::string_view blog = R"(version = 1

[defaults]
browser_max_age = 0
tags = ["site"]
last_modified = "2024-05-01T10:00:00Z"

[bypass]
cookies = ["session", "wordpress_logged_in_*"]
headers = ["Authorization"]
query = ["preview"]

[routes."/blog/[slug]"]
max_age = 300
swr = 60
tags = ["post:{slug}", "site"]

[routes."/api/[...rest]"]
cache = false

[routes."/search"]
max_age = 30
bypass = { query = "any" }

[routes."/v1/[id]"]
max_age = 20
methods = ["GET"]
statuses = [200]
bypass = { cookies = ["beta"], headers = ["X-Preview"] }
)";

} // namespace

TEST_SUITE_BEGIN("policy");

TEST_CASE("decide_policy: [defaults] → rule → overrides, scalars last-write-wins")
{
  const Config config = load(blog);
  Policy p = policy_of(config, "/blog/hello");
  CHECK(p.cacheable);
  CHECK(p.reasons.empty());
  CHECK(p.options.max_age == 300);
  CHECK(p.options.swr == 60);
  CHECK(p.options.browser_max_age == 0); // from [defaults]

  CacheOptions overrides;
  overrides.max_age = 10;
  overrides.swr = 0;
  p = policy_of(config, "/blog/hello", {}, overrides);
  CHECK(p.options.max_age == 10); // the command line is the top layer
  CHECK(p.options.swr == 0);
  CHECK(p.options.browser_max_age == 0);
}

TEST_CASE("decide_policy: tags accumulate, de-duplicate and expand, overrides included")
{
  const Config config = load(blog);
  CacheOptions overrides;
  overrides.tags = {"extra", "post:{slug}", "site", "id:{slug}"};
  const Policy p = policy_of(config, "/blog/hello", {}, overrides);
  // DESIGN.md, Merging: tags accumulate and de-duplicate; {param} expands from the match.
  CHECK(p.options.tags == std::vector<std::string>{"site", "post:hello", "extra", "id:hello"});
}

TEST_CASE("decide_policy: last_modified keeps the most recent, etag is last-write-wins")
{
  const Config config = load(blog);
  CacheOptions older;
  older.last_modified = "2020-01-01T00:00:00Z";
  Policy p = policy_of(config, "/blog/hello", {}, older);
  // DESIGN.md, Merging: last_modified most-recent-wins, so [defaults]' 2024 date stays.
  CHECK(p.options.last_modified == "2024-05-01T10:00:00Z");
  CHECK(p.last_modified == 1714557600);

  CacheOptions newer;
  newer.last_modified = "Thu, 02 May 2024 10:00:00 GMT";
  newer.etag = "W/\"v2\"";
  p = policy_of(config, "/blog/hello", {}, newer);
  CHECK(p.last_modified == 1714557600 + 86400);
  CHECK(p.etag == "W/\"v2\"");
  CHECK(p.warnings.empty());
}

TEST_CASE("decide_policy: cache = false opts out, whoever says it")
{
  const Config config = load(blog);
  Policy p = policy_of(config, "/api/users");
  CHECK_FALSE(p.cacheable);
  REQUIRE(p.reasons.size() == 1);
  CHECK(p.reasons[0].condition == Condition::opt_out);
  CHECK(p.reasons[0].detail == "the rule sets cache = false (cache.toml:19:1)");

  CacheOptions no_cache;
  no_cache.cache = false;
  no_cache.max_age = 60; // ignored: the opt-out clears everything
  p = policy_of(config, "/blog/hello", {}, no_cache);
  CHECK_FALSE(p.cacheable);
  REQUIRE(p.reasons.size() == 1);
  CHECK(p.reasons[0].detail == "--no-cache");
  CHECK_FALSE(p.options.max_age.has_value());

  CacheOptions max_age;
  max_age.max_age = 60;
  p = policy_of(config, "/api/users", {}, max_age);
  CHECK_FALSE(p.cacheable); // an override does not turn an opted-out rule back on

  const Config off = load("version = 1\n[defaults]\ncache = false\n[routes.\"/a\"]\nmax_age = 5\n");
  p = policy_of(off, "/a");
  CHECK_FALSE(p.cacheable);
  CHECK(p.reasons.at(0).detail == "[defaults] sets cache = false (cache.toml:3:1)");
}

TEST_CASE("decide_policy: methods default to GET and HEAD, case-sensitively")
{
  const Config config = load(blog);
  Request request;
  request.method = "HEAD";
  CHECK(policy_of(config, "/blog/hello", request).cacheable);
  request.method = "POST";
  Policy p = policy_of(config, "/blog/hello", request);
  CHECK(conditions(p) == std::vector<Condition>{Condition::method});
  CHECK(p.reasons[0].detail == "method POST is not in methods = [\"GET\", \"HEAD\"] (the default)");
  request.method = "get"; // RFC 9110 9.1: the method token is case-sensitive
  CHECK_FALSE(policy_of(config, "/blog/hello", request).cacheable);
  request.method = "HEAD";
  p = policy_of(config, "/v1/7", request);
  CHECK(p.reasons.at(0).detail == "method HEAD is not in methods = [\"GET\"] (cache.toml:27:1)");
}

TEST_CASE("decide_policy: statuses default to the heuristically cacheable set")
{
  const Config config = load(blog);
  for (std::int64_t status : {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501}) {
    Request request;
    request.status = status;
    CAPTURE(status);
    CHECK(policy_of(config, "/blog/hello", request).cacheable);
  }
  for (std::int64_t status : {201, 302, 307, 400, 500, 503}) {
    Request request;
    request.status = status;
    CAPTURE(status);
    const Policy p = policy_of(config, "/blog/hello", request);
    CHECK(conditions(p) == std::vector<Condition>{Condition::status});
  }
  Request not_found;
  not_found.status = 404;
  const Policy p = policy_of(config, "/v1/7", not_found);
  CHECK(p.reasons.at(0).detail == "status 404 is not in statuses = [200] (cache.toml:28:1)");
}

TEST_CASE("decide_policy: [bypass] cookies, exact and by prefix, from every Cookie header")
{
  const Config config = load(blog);
  Policy p = policy_of(config, "/blog/hello", with_header("Cookie", "theme=dark; session=abc"));
  CHECK(conditions(p) == std::vector<Condition>{Condition::bypass_cookie});
  CHECK(p.reasons[0].detail ==
        "cookie `session` matches [bypass] cookies \"session\" (cache.toml:9:1)");

  Request split = with_header("Cookie", "a=1");
  split.headers.emplace_back("cookie", "wordpress_logged_in_42=x");
  p = policy_of(config, "/blog/hello", split);
  REQUIRE(p.reasons.size() == 1);
  CHECK(p.reasons[0].detail ==
        "cookie `wordpress_logged_in_42` matches [bypass] cookies \"wordpress_logged_in_*\" "
        "(cache.toml:9:1)");

  // Cookie names are case-sensitive (RFC 6265 4.1.1), and a value is not a name.
  CHECK(policy_of(config, "/blog/hello", with_header("Cookie", "Session=1; x=session")).cacheable);
  // The prefix needs the whole text before `*`.
  CHECK(policy_of(config, "/blog/hello", with_header("Cookie", "wordpress_logged=1")).cacheable);
}

TEST_CASE("decide_policy: [bypass] headers by presence, names ignoring case")
{
  const Config config = load(blog);
  Policy p = policy_of(config, "/blog/hello", with_header("authorization", "Bearer x"));
  CHECK(conditions(p) == std::vector<Condition>{Condition::bypass_header});
  CHECK(p.reasons[0].detail ==
        "request header `Authorization` is present ([bypass] headers = [\"Authorization\"]) "
        "(cache.toml:10:1)");
  CHECK_FALSE(policy_of(config, "/blog/hello", with_header("Authorization", "")).cacheable);
  CHECK(policy_of(config, "/blog/hello", with_header("X-Authorization", "x")).cacheable);
}

TEST_CASE("decide_policy: [bypass] query, listed parameters and any")
{
  const Config config = load(blog);
  Policy p = policy_of(config, "/blog/hello?utm=1&preview=yes");
  CHECK(conditions(p) == std::vector<Condition>{Condition::bypass_query});
  CHECK(p.reasons[0].detail ==
        "query parameter `preview` is listed in [bypass] query = [\"preview\"] (cache.toml:11:1)");
  // A parameter name is compared after percent-decoding (%76 is `v`).
  CHECK_FALSE(policy_of(config, "/blog/hello?pre%76iew").cacheable);
  CHECK(policy_of(config, "/blog/hello?previews=1&x=preview").cacheable);

  // The /search rule bypasses any non-empty query itself.
  p = policy_of(config, "/search?q=x");
  CHECK(conditions(p) == std::vector<Condition>{Condition::bypass_query});
  CHECK(p.reasons[0].detail ==
        "the URL has a query string (the rule's bypass query = \"any\") (cache.toml:23:12)");
  CHECK(policy_of(config, "/search?").cacheable);
  CHECK(policy_of(config, "/search").cacheable);
}

TEST_CASE("decide_policy: per-rule bypass adds to the global one; every condition is reported")
{
  const Config config = load(blog);
  Request request = with_header("X-Preview", "1");
  request.headers.emplace_back("Cookie", "beta=1; session=2");
  request.method = "POST";
  request.status = 500;
  const Policy p = policy_of(config, "/v1/7?preview=1", request);
  CHECK(conditions(p) == std::vector<Condition>{Condition::method,
                                                Condition::status,
                                                Condition::bypass_cookie,
                                                Condition::bypass_query,
                                                Condition::bypass_cookie,
                                                Condition::bypass_header});
  CHECK(p.reasons[4].detail ==
        "cookie `beta` matches the rule's bypass cookies \"beta\" (cache.toml:29:12)");
  CHECK_FALSE(p.etag.has_value());
  CHECK_FALSE(p.last_modified.has_value()); // no validators on a no-store response
}

TEST_CASE("decide_policy: unusable last_modified and etag are left out with a warning")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 1
last_modified = "yesterday"
etag = "v1"
[routes."/b"]
max_age = 1
last_modified = "2030-01-01T00:00:00Z"
etag = "\"v 1\""
)");
  Policy p = policy_of(config, "/a");
  CHECK(p.cacheable);
  CHECK_FALSE(p.last_modified.has_value());
  CHECK_FALSE(p.etag.has_value());
  CHECK(p.warnings == std::vector<std::string>{
                          "last_modified `yesterday` is not an RFC 3339 or IMF-fixdate date; "
                          "Last-Modified left out",
                          "etag `v1` is not an entity tag such as \"v1\" or W/\"v1\" (RFC 9110 "
                          "8.8.3); ETag left out"});
  Request now;
  now.now = 1714557600; // 2024-05-01: the file's date is in the future
  p = policy_of(config, "/b", now);
  CHECK_FALSE(p.last_modified.has_value());
  REQUIRE(p.warnings.size() == 2);
  CHECK(p.warnings[0] ==
        "last_modified Tue, 01 Jan 2030 00:00:00 GMT is later than the response's Date Wed, 01 "
        "May 2024 10:00:00 GMT (RFC 9110 8.8.2.1); Last-Modified left out");
  // Without a Date to compare with, the date is used as written.
  CHECK(policy_of(config, "/b").last_modified == 1893456000);
}

TEST_CASE("parse_etag: RFC 9110 8.8.3 entity tags")
{
  CHECK(parse_etag("\"v1\"") == "\"v1\"");
  CHECK(parse_etag("W/\"v1\"") == "W/\"v1\"");
  CHECK(parse_etag("\"\"") == "\"\"");                       // an empty opaque tag is valid
  CHECK(parse_etag("\"caf\xc3\xa9\"") == "\"caf\xc3\xa9\""); // obs-text
  CHECK_FALSE(parse_etag("v1"));
  CHECK_FALSE(parse_etag("w/\"v1\"")); // the W/ prefix is case-sensitive
  CHECK_FALSE(parse_etag("\"v\"1\""));
  CHECK_FALSE(parse_etag("\"v 1\""));
  CHECK_FALSE(parse_etag("\"v\t1\""));
  CHECK_FALSE(parse_etag("\""));
  CHECK_FALSE(parse_etag("W/v1"));
}

TEST_CASE("cookie_names, cookie_matches, query_param_names, is_token")
{
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Cookie", " a=1;b=2 ; c ; =x; d=e=f"}, {"Accept", "x=1"}, {"COOKIE", "z=9"}};
  CHECK(cookie_names(headers) == std::vector<std::string>{"a", "b", "c", "d", "z"});
  CHECK(cookie_matches("session", "session"));
  CHECK_FALSE(cookie_matches("session", "session2"));
  CHECK(cookie_matches("wp_*", "wp_"));
  CHECK(cookie_matches("wp_*", "wp_user"));
  CHECK_FALSE(cookie_matches("wp_*", "wp"));
  CHECK(cookie_matches("*", "anything"));
  CHECK(query_param_names("a=1&b&&c=&%41%zz=2") == std::vector<std::string>{"a", "b", "c", "A%zz"});
  CHECK(query_param_names("").empty());
  CHECK(is_token("X-Preview"));
  CHECK(is_token("GET"));
  CHECK_FALSE(is_token(""));
  CHECK_FALSE(is_token("X Preview"));
  CHECK_FALSE(is_token("X:Preview"));
  CHECK(to_string(Condition::bypass_cookie) == "bypass_cookie");
}

TEST_SUITE_END();

namespace {

// The parts of a policy that headers are written from, for comparisons.
std::string
policy_text(const Policy& p)
{
  std::string out = p.cacheable ? "cacheable" : "no-store";
  for (const auto& hit : p.reasons) {
    out += "|" + std::string(to_string(hit.condition)) + ":" + hit.detail;
  }
  for (const auto& tag : p.options.tags) {
    out += "|tag:" + tag;
  }
  out += "|max_age:" + std::to_string(p.options.max_age.value_or(-1));
  out += "|last_modified:" + std::to_string(p.last_modified.value_or(-1));
  out += "|etag:" + p.etag.value_or("-");
  for (const auto& w : p.warnings) {
    out += "|warning:" + w;
  }
  for (const auto& n : p.notes) {
    out += "|note:" + n;
  }
  return out;
}

} // namespace

TEST_CASE("policy_is_per_rule: true only where every URL of the rule gets the same policy")
{
  constexpr std::string_view text = R"(version = 1

[defaults]
tags = ["site"]
last_modified = "2024-05-01T10:00:00Z"

[bypass]
cookies = ["session"]

[routes."/blog/[slug]"]
max_age = 300
tags = ["post:{slug}"]

[routes."/docs/[...path]"]
max_age = 60
tags = ["docs"]

[routes."/search"]
max_age = 30
bypass = { query = "any" }

[routes."/v1/[id]"]
max_age = 20
bypass = { query = ["preview"], cookies = ["beta"] }
)";
  const Config config = load(text);
  const auto rule_of = [&](std::string_view pattern) {
    for (std::size_t i = 0; i < config.rules.size(); ++i) {
      if (config.rules[i].pattern.source() == pattern) {
        return i;
      }
    }
    FAIL("no rule ", std::string(pattern));
    return std::size_t{0};
  };
  CHECK_FALSE(policy_is_per_rule(config, rule_of("/blog/[slug]"), {})); // a {slug} tag
  CHECK(policy_is_per_rule(config, rule_of("/docs/[...path]"), {}));
  CHECK_FALSE(policy_is_per_rule(config, rule_of("/search"), {}));  // reads the query
  CHECK_FALSE(policy_is_per_rule(config, rule_of("/v1/[id]"), {})); // reads the query
  CacheOptions templated;
  templated.tags = {"p:{path}"};
  CHECK_FALSE(policy_is_per_rule(config, rule_of("/docs/[...path]"), templated));
  CHECK(options_are_static(config, rule_of("/docs/[...path]")));
  CHECK(options_are_static(config, rule_of("/search")));
  CHECK_FALSE(options_are_static(config, rule_of("/blog/[slug]")));

  // Where it says true, the policy is the same for every URL and query; where it says false,
  // some pair of URLs here tells apart.
  const std::vector<std::vector<std::string>> urls = {
      {"/blog/a", "/blog/b", "/blog/a?x=1"},
      {"/docs", "/docs/a/b", "/docs/x?q=1", "/docs/y?preview=1"},
      {"/search", "/search?q=x"},
      {"/v1/1", "/v1/2?preview=1"},
  };
  const Request request = with_header("Cookie", "theme=dark");
  for (const auto& group : urls) {
    const ReferenceMatcher matcher(config);
    const Resolution first = resolve(config, matcher, group.front());
    REQUIRE(first.match.has_value());
    const bool per_rule = policy_is_per_rule(config, first.match->rule, {});
    bool differs = false;
    for (const auto& url : group) {
      differs = differs || policy_text(policy_of(config, url, request)) !=
                               policy_text(policy_of(config, group.front(), request));
    }
    INFO("rule ", config.rules[first.match->rule].pattern.source());
    CHECK(per_rule == !differs);
  }
}
