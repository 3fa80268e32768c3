// `purge` without a network: target lines and their expansion, the planner's batching and
// de-duplication, pacing, Retry-After, status verdicts, secret masking, settings resolution and
// every adapter's requests (through --dry-run's path: nothing is sent). The wire behaviour
// against a loopback mock of each API is tested end to end by tests/purge/run.
#include "purge/purge_adapter.hpp"
#include "purge/purge_plan.hpp"
#include "util/token_bucket.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/purge/purge.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

// A config from TOML text; fails the test when it does not load.
Config
config_of(std::string_view text)
{
  auto config = parse_config(text, "cache.toml");
  REQUIRE(config.has_value());
  return std::move(*config);
}

// An environment holding exactly `values`.
Environment
environment_of(std::map<std::string, std::string> values)
{
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto it = values.find(std::string(name));
    return it == values.end() ? std::nullopt : std::optional(it->second);
  };
}

// A source over fixed items.
class Items final : public TargetSource {
public:
  // A source yielding `targets` in order.
  explicit Items(std::vector<Target> targets)
      : m_targets(std::move(targets))
  {
  }

  std::optional<SourceItem>
  next() override
  {
    if (m_next >= m_targets.size()) {
      return std::nullopt;
    }
    ++m_next;
    return SourceItem{m_targets[m_next - 1], fmt::format("item {}", m_next), {}};
  }

private:
  std::vector<Target> m_targets;
  std::size_t m_next = 0;
};

// Collects what a dry run reports.
struct Recorder final : PurgeObserver {
  std::vector<HttpRequest> requests;
  std::vector<CallReport> calls;
  std::vector<std::pair<Target, std::string>> failed;

  void
  on_request(const HttpRequest& request, const CallReport& call) override
  {
    requests.push_back(request);
    calls.push_back(call);
  }

  void
  on_failed(const Target& target, std::string_view reason, std::string_view /*where*/) override
  {
    failed.emplace_back(target, std::string(reason));
  }
};

// The value of header `name` of a request, or "".
std::string
header(const HttpRequest& request, std::string_view name)
{
  for (const auto& [key, value] : request.headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// Runs a dry run of `targets` with `provider` configured by `settings` (a TOML table body).
Recorder
dry_run(std::string_view provider,
        std::string_view settings,
        std::vector<Target> targets,
        PurgeOverrides overrides = {})
{
  const Config config = config_of(fmt::format(
      "version = 1\n[site]\norigins = [\"https://www.example.com\"]\n[providers.{}]\n{}\n",
      provider,
      settings));
  overrides.dry_run = true;
  auto purger = Purger::create(config, provider, overrides, environment_of({}));
  REQUIRE_MESSAGE(purger.has_value(), (purger ? "" : purger.error().message));
  Items source(std::move(targets));
  Recorder recorder;
  const PurgeSummary summary = purger->run(source, recorder);
  CHECK(summary.calls == recorder.requests.size());
  return recorder;
}

} // namespace

TEST_SUITE("purge")
{
  TEST_CASE("target lines: parse and format are inverses")
  {
    const std::vector<std::pair<std::string, Target>> cases = {
        {"https://www.example.com/a?b=1", {TargetKind::url, "https://www.example.com/a?b=1"}},
        {"HTTP://x.test/", {TargetKind::url, "HTTP://x.test/"}},
        {"/blog/post", {TargetKind::path, "/blog/post"}},
        {"tag:product-1", {TargetKind::tag, "product-1"}},
        {"tag:url:odd", {TargetKind::tag, "url:odd"}},
        {"prefix:www.example.com/docs", {TargetKind::prefix, "www.example.com/docs"}},
        {"host:img.example.com", {TargetKind::host, "img.example.com"}},
        {"rule:/blog/[slug]", {TargetKind::rule, "/blog/[slug]"}},
        {"everything", {TargetKind::everything, ""}},
    };
    for (const auto& [line, target] : cases) {
      CAPTURE(line);
      const auto parsed = parse_target_line(line);
      REQUIRE(parsed.has_value());
      CHECK(*parsed == target);
      CHECK(parse_target_line(format_target_line(*parsed)) == parsed);
    }
    CHECK(format_target_line({TargetKind::url, "https://a.test/x"}) == "https://a.test/x");
    CHECK(format_target_line({TargetKind::tag, "t"}) == "tag:t");
    for (const std::string_view bad : {"product-1", "ftp://x/y", "everything:x", "kind:value"}) {
      CAPTURE(bad);
      const auto parsed = parse_target_line(bad);
      REQUIRE_FALSE(parsed.has_value());
      CHECK(parsed.error().find("KIND:VALUE") != std::string::npos);
    }
  }

  TEST_CASE("targets are checked and brought to one form")
  {
    const auto ok = [](TargetKind kind, std::string value) {
      const auto checked = check_target({kind, std::move(value)});
      REQUIRE_MESSAGE(checked.has_value(), (checked ? "" : checked.error()));
      return checked->value;
    };
    const auto error = [](TargetKind kind, std::string value) {
      const auto checked = check_target({kind, std::move(value)});
      REQUIRE_FALSE(checked.has_value());
      return checked.error();
    };
    CHECK(ok(TargetKind::url, "HTTPS://WWW.Example.com:8443/A?b") ==
          "https://www.example.com:8443/A?b");
    CHECK(ok(TargetKind::url, "https://x.test") == "https://x.test/");
    CHECK(ok(TargetKind::url, "https://x.test?q") == "https://x.test/?q");
    CHECK(ok(TargetKind::url, "https://bücher.test/é") == "https://bücher.test/é");
    CHECK(error(TargetKind::url, "https://x.test/a#frag").find("fragment") != std::string::npos);
    CHECK(error(TargetKind::url, "https://u:p@x.test/").find("credentials") != std::string::npos);
    CHECK(error(TargetKind::url, "https://x.test/a b").find("space") != std::string::npos);
    CHECK(error(TargetKind::url, "https://x.test/\x01").find("control") != std::string::npos);
    CHECK(error(TargetKind::url, "https://x.test/\xC0\xAF").find("UTF-8") != std::string::npos);
    CHECK(error(TargetKind::url, "https://x.test:99999/").find("port") != std::string::npos);
    CHECK(error(TargetKind::url, "https:///a").find("host") != std::string::npos);
    CHECK(error(TargetKind::url, "www.example.com/a").find("http") != std::string::npos);
    CHECK(ok(TargetKind::prefix, "www.example.com/docs") == "https://www.example.com/docs");
    CHECK(ok(TargetKind::prefix, "http://www.example.com/docs") == "http://www.example.com/docs");
    CHECK(ok(TargetKind::prefix, "/docs") == "/docs");
    CHECK(error(TargetKind::prefix, "x.test/a?b").find("query") != std::string::npos);
    CHECK(ok(TargetKind::host, "IMG.Example.com") == "img.example.com");
    CHECK(ok(TargetKind::host, "https://img.example.com/") == "img.example.com");
    CHECK(error(TargetKind::host, "img.example.com/x").find("--prefix") != std::string::npos);
    CHECK(error(TargetKind::tag, "").find("empty") != std::string::npos);
    // A tag may hold a space: headers and purge both send it as `%20` (headers/tags.hpp).
    CHECK(ok(TargetKind::tag, "a b") == "a b");
    CHECK(error(TargetKind::tag, "a\x01").find("control") != std::string::npos);
    CHECK(error(TargetKind::path, "blog").find("/") != std::string::npos);
  }

  TEST_CASE("paths expand to every origin with the trailing-slash variant the config implies")
  {
    const auto expand = [](std::string_view slash, std::string path) {
      const Config config = config_of(fmt::format(
          "version = 1\n[site]\norigins = [\"https://www.example.com\", \"https://example.com/\"]\n"
          "trailing_slash = \"{}\"\n[routes.\"/blog/[slug]\"]\ntags = [\"blog\", "
          "\"post-{{slug}}\"]\n",
          slash));
      const auto expanded = expand_target(config, {TargetKind::path, std::move(path)});
      REQUIRE(expanded.has_value());
      std::vector<std::string> out;
      for (const auto& target : *expanded) {
        CHECK(target.kind == TargetKind::url);
        out.push_back(target.value);
      }
      return out;
    };
    using V = std::vector<std::string>;
    CHECK(expand("ignore", "/a") == V{"https://www.example.com/a",
                                      "https://www.example.com/a/",
                                      "https://example.com/a",
                                      "https://example.com/a/"});
    CHECK(expand("always", "/a") == V{"https://www.example.com/a/", "https://example.com/a/"});
    CHECK(expand("never", "/a/") == V{"https://www.example.com/a", "https://example.com/a"});
    CHECK(expand("ignore", "/a?x=1") == V{"https://www.example.com/a?x=1",
                                          "https://www.example.com/a/?x=1",
                                          "https://example.com/a?x=1",
                                          "https://example.com/a/?x=1"});
    CHECK(expand("ignore", "/") == V{"https://www.example.com/", "https://example.com/"});
    CHECK(expand("ignore", "/app.css") ==
          V{"https://www.example.com/app.css", "https://example.com/app.css"});

    const Config config =
        config_of("version = 1\n[routes.\"/blog/[slug]\"]\ntags = [\"blog\", \"post-{slug}\"]\n"
                  "[routes.\"/x\"]\ntags = [\"x-{a}\"]\n");
    const auto tags = expand_target(config, {TargetKind::rule, "/blog/[slug]"});
    REQUIRE(tags.has_value());
    CHECK(*tags == std::vector<Target>{{TargetKind::tag, "blog"}});
    CHECK(expand_target(config, {TargetKind::rule, "/x"}).error().find("static") !=
          std::string::npos);
    CHECK(expand_target(config, {TargetKind::rule, "/nope"}).error().find("no rule") !=
          std::string::npos);
    CHECK(expand_target(config, {TargetKind::path, "/a"}).error().find("origins") !=
          std::string::npos);
  }

  TEST_CASE("the planner batches per kind by count and body size, dropping duplicates")
  {
    PurgePlanner planner([](TargetKind kind) { return kind == TargetKind::url ? 3U : 2U; },
                         0,
                         [](std::string_view item) { return item.size(); },
                         0);
    CHECK(planner.add({TargetKind::url, "u1"}, "a"));
    CHECK(planner.add({TargetKind::tag, "t1"}, "b"));
    CHECK_FALSE(planner.add({TargetKind::url, "u1"}, "c"));
    CHECK(planner.add({TargetKind::tag, "u1"}, "d")); // same text, other kind: not a duplicate
    REQUIRE(planner.has_batch());
    PlannedBatch tags = planner.take();
    CHECK(tags.batch.kind == TargetKind::tag);
    CHECK(tags.batch.items == std::vector<std::string>{"t1", "u1"});
    CHECK(tags.wheres == std::vector<std::string>{"b", "d"});
    CHECK_FALSE(planner.has_batch());
    CHECK(planner.add({TargetKind::url, "u2"}, "e"));
    CHECK(planner.add({TargetKind::url, "u3"}, "f"));
    REQUIRE(planner.has_batch());
    CHECK(planner.take().batch.items == std::vector<std::string>{"u1", "u2", "u3"});
    CHECK(planner.add({TargetKind::url, "u4"}, "g"));
    CHECK_FALSE(planner.has_batch());
    planner.finish();
    REQUIRE(planner.has_batch());
    CHECK(planner.take().batch.items == std::vector<std::string>{"u4"});
    CHECK_FALSE(planner.has_batch());

    // Body limit 10 with 2 bytes of overhead: items of 3 bytes go 2 per batch.
    PurgePlanner bytes(
        [](TargetKind) { return 100U; }, 10, [](std::string_view item) { return item.size(); }, 2);
    for (const char* item : {"aaa", "bbb", "ccc", "ddd", "eee"}) {
      bytes.add({TargetKind::url, item}, "");
    }
    bytes.finish();
    std::vector<std::size_t> sizes;
    while (bytes.has_batch()) {
      sizes.push_back(bytes.take().batch.items.size());
    }
    CHECK(sizes == std::vector<std::size_t>{2, 2, 1});
  }

  TEST_CASE("the token bucket spaces events 1/rate apart and banks no credit")
  {
    using namespace std::chrono_literals;
    const auto t0 = TokenBucket::Clock::time_point{} + 1h;
    TokenBucket bucket(4, t0); // 250 ms apart
    CHECK(bucket.ready(t0));
    bucket.take(t0);
    CHECK_FALSE(bucket.ready(t0 + 249ms));
    CHECK(bucket.ready(t0 + 250ms));
    CHECK(bucket.next_ready() == t0 + 250ms);
    bucket.take(t0 + 10s); // late: the next one is still a full interval later
    CHECK_FALSE(bucket.ready(t0 + 10s + 100ms));
    CHECK(bucket.next_ready() == t0 + 10s + 250ms);
  }

  TEST_CASE("Retry-After and status verdicts")
  {
    CHECK(parse_retry_after("2") == 2.0);
    CHECK(parse_retry_after("0.5") == 0.5);
    CHECK_FALSE(parse_retry_after("-1").has_value());
    CHECK_FALSE(parse_retry_after("soon").has_value());
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0); // in the past
    const auto verdict = [](int status, std::vector<std::pair<std::string, std::string>> headers) {
      HttpResponse response;
      response.status = status;
      response.headers = std::move(headers);
      return verdict_from_status(response, "why");
    };
    CHECK(verdict(200, {}).kind == Verdict::Kind::ok);
    CHECK(verdict(204, {}).kind == Verdict::Kind::ok);
    const Verdict limited = verdict(429, {{"retry-after", "3"}});
    CHECK(limited.kind == Verdict::Kind::retry);
    CHECK(limited.rate_limited);
    CHECK(limited.retry_after == 3.0);
    CHECK(verdict(429, {{"retry-after-ms", "1500"}, {"retry-after", "9"}}).retry_after == 1.5);
    CHECK(verdict(503, {}).kind == Verdict::Kind::retry);
    CHECK_FALSE(verdict(503, {}).rate_limited);
    CHECK(verdict(408, {}).kind == Verdict::Kind::retry);
    CHECK(verdict(401, {}).kind == Verdict::Kind::fatal);
    CHECK(verdict(403, {}).kind == Verdict::Kind::fatal);
    CHECK(verdict(400, {}).kind == Verdict::Kind::fail);
    CHECK(verdict(400, {}).reason == "HTTP 400: why");
    CHECK(verdict(413, {}).kind == Verdict::Kind::fail);
    HttpResponse none;
    none.error = "Connection refused";
    CHECK(verdict_from_status(none, "").kind == Verdict::Kind::retry);
    CHECK(verdict_from_status(none, "").reason == "no response: Connection refused");
  }

  TEST_CASE("secret headers are masked, keeping the auth scheme")
  {
    HttpRequest request;
    request.headers = {{"Authorization", "Bearer tok-123"},
                       {"Fastly-Key", "abc"},
                       {"Content-Type", "application/json"}};
    request.secret_headers = {"authorization", "fastly-key"};
    const HttpRequest shown = redacted(request);
    CHECK(header(shown, "Authorization") == "Bearer ***");
    CHECK(header(shown, "Fastly-Key") == "***");
    CHECK(header(shown, "Content-Type") == "application/json");
  }

  TEST_CASE("transport: https anywhere, http to loopback only")
  {
    CHECK(transport_allowed("https://api.cloudflare.com/client/v4"));
    CHECK(transport_allowed("http://127.0.0.1:8080/x"));
    CHECK(transport_allowed("http://localhost/x"));
    CHECK(transport_allowed("http://[::1]:81/"));
    CHECK_FALSE(transport_allowed("http://cache.internal/"));
    CHECK_FALSE(transport_allowed("http://127.0.0.1.evil.test/"));
    CHECK_FALSE(transport_allowed("ftp://127.0.0.1/"));
  }

  TEST_CASE("settings: config, defaults and flags; clear errors before anything is sent")
  {
    const Config config = config_of(R"(version = 1
[site]
provider = "cloudflare"
[providers.cloudflare]
zone_id = "0123456789abcdef0123456789abcdef"
rate = 2.5
concurrency = 3
[providers.fastly]
service_id = "SU1Z0isxPaozGVKXdv0eY"
endpoint = "http://cache.internal/api"
[providers.netlify]
site_id = "not-a-uuid"
)");
    const auto env = environment_of({{"CLOUDFLARE_API_TOKEN", "tok"}});
    auto purger = Purger::create(config, "", {}, env);
    REQUIRE(purger.has_value());
    CHECK(purger->settings().provider->name == "cloudflare");
    CHECK(purger->settings().rate == 2.5);
    CHECK(purger->settings().concurrency == 3);
    CHECK(purger->settings().endpoint == "https://api.cloudflare.com/client/v4");
    CHECK(purger->unsupported(TargetKind::tag).empty());
    purger = Purger::create(config, "", {.concurrency = 9, .rate = 40.0}, env);
    REQUIRE(purger.has_value());
    CHECK(purger->settings().concurrency == 9);
    CHECK(purger->settings().rate == 40.0);

    const auto error = [&](std::string_view provider,
                           PurgeOverrides overrides = {},
                           Environment environment = environment_of({})) {
      auto result = Purger::create(config, provider, overrides, environment);
      REQUIRE_FALSE(result.has_value());
      return result.error();
    };
    PurgeError e = error("cloudflare");
    CHECK(e.kind == PurgeErrorKind::credentials);
    CHECK(e.message.find("CLOUDFLARE_API_TOKEN is not set") != std::string::npos);
    e = error("fastly", {}, environment_of({{"FASTLY_API_TOKEN", "t"}}));
    CHECK(e.kind == PurgeErrorKind::config);
    CHECK(e.message.find("plain http://") != std::string::npos);
    e = error("netlify");
    CHECK(e.kind == PurgeErrorKind::config);
    CHECK(e.message.find("UUID") != std::string::npos);
    e = error("vercel");
    CHECK(e.kind == PurgeErrorKind::config);
    CHECK(e.message.find("project_id") != std::string::npos);
    e = error("generic");
    CHECK(e.kind == PurgeErrorKind::usage);
    e = error("cloudflare", {.soft = true}, env);
    CHECK(e.kind == PurgeErrorKind::usage);
    CHECK(e.message.find("soft") != std::string::npos);
    const Config none = config_of("version = 1\n");
    auto nothing = Purger::create(none, "", {}, env);
    REQUIRE_FALSE(nothing.has_value());
    CHECK(nothing.error().message.find("--provider") != std::string::npos);
  }

  TEST_CASE("cloudflare: one kind per request, files batched by 30, prefixes without scheme")
  {
    std::vector<Target> targets;
    for (int i = 0; i < 61; ++i) {
      targets.push_back({TargetKind::url, fmt::format("https://www.example.com/p/{}", i)});
    }
    targets.push_back({TargetKind::tag, "a&b<c>"});
    targets.push_back({TargetKind::prefix, "/docs"});
    targets.push_back({TargetKind::host, "img.example.com"});
    targets.push_back({TargetKind::everything, ""});
    targets.push_back({TargetKind::url, "https://www.example.com/p/0"}); // a duplicate
    const Recorder r =
        dry_run("cloudflare", "zone_id = \"0123456789abcdef0123456789abcdef\"", targets);
    REQUIRE(r.requests.size() == 7);
    std::vector<std::size_t> files;
    for (const auto& request : r.requests) {
      CHECK(request.method == "POST");
      CHECK(request.url == "https://api.cloudflare.com/client/v4/zones/"
                           "0123456789abcdef0123456789abcdef/purge_cache");
      CHECK(header(request, "Content-Type") == "application/json");
      const auto body = nlohmann::json::parse(request.body);
      CHECK(body.size() == 1);
      if (body.contains("files")) {
        files.push_back(body["files"].size());
      }
    }
    CHECK(files == std::vector<std::size_t>{30, 30, 1});
    std::vector<std::string> bodies;
    for (const auto& request : r.requests) {
      if (request.body.find("files") == std::string::npos) {
        bodies.push_back(request.body);
      }
    }
    std::sort(bodies.begin(), bodies.end());
    CHECK(bodies == std::vector<std::string>{R"({"hosts":["img.example.com"]})",
                                             R"({"prefixes":["www.example.com/docs"]})",
                                             R"({"purge_everything":true})",
                                             R"({"tags":["a&b<c>"]})"});
    CHECK(r.failed.empty());
  }

  TEST_CASE("each adapter's requests")
  {
    SUBCASE("fastly: one URL per call without scheme, keys in bulk, soft purge header")
    {
      const Recorder r = dry_run("fastly",
                                 "service_id = \"SU1Z0isxPaozGVKXdv0eY\"",
                                 {{TargetKind::url, "https://www.example.com/a?x=1"},
                                  {TargetKind::tag, "k1"},
                                  {TargetKind::tag, "k2"}},
                                 {.soft = true});
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url == "https://api.fastly.com/purge/www.example.com/a?x=1");
      CHECK(header(r.requests[0], "Fastly-Soft-Purge") == "1");
      CHECK(header(r.requests[0], "Fastly-Key") == "***"); // masked, even as a placeholder
      CHECK(r.requests[1].url == "https://api.fastly.com/service/SU1Z0isxPaozGVKXdv0eY/purge");
      CHECK(r.requests[1].body == R"({"surrogate_keys":["k1","k2"]})");
    }
    SUBCASE("akamai: objects by kind and network, EdgeGrid header masked")
    {
      const Recorder r =
          dry_run("akamai",
                  "network = \"staging\"\naction = \"delete\"",
                  {{TargetKind::url, "https://www.example.com/a"}, {TargetKind::tag, "t"}});
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url.ends_with("/ccu/v3/delete/url/staging"));
      CHECK(r.requests[0].body == R"({"objects":["https://www.example.com/a"]})");
      CHECK(r.requests[1].url.ends_with("/ccu/v3/delete/tag/staging"));
      CHECK(header(r.requests[0], "Authorization") == "EG1-HMAC-SHA256 ***");
    }
    SUBCASE("netlify: cache_tags, or the whole site")
    {
      const Recorder r = dry_run("netlify",
                                 "site_id = \"0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f\"",
                                 {{TargetKind::tag, "t"}, {TargetKind::everything, ""}});
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url == "https://api.netlify.com/api/v1/purge");
      // `everything` is planned at once; the tag batch closes at the end of the input.
      CHECK(r.requests[0].body == R"({"site_id":"0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f"})");
      CHECK(r.requests[1].body ==
            R"({"cache_tags":["t"],"site_id":"0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f"})");
    }
    SUBCASE("vercel: at most 16 tags per call, project and team in the query")
    {
      std::vector<Target> tags;
      for (int i = 0; i < 17; ++i) {
        tags.push_back({TargetKind::tag, fmt::format("t{}", i)});
      }
      const Recorder r = dry_run("vercel", "project_id = \"prj_1\"\nteam_id = \"team 2\"", tags);
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url == "https://api.vercel.com/v1/edge-cache/invalidate-by-tags?"
                                 "projectIdOrName=prj_1&teamId=team%202");
      CHECK(nlohmann::json::parse(r.requests[0].body)["tags"].size() == 16);
    }
    SUBCASE("bunny: URL and prefix in the query, tags per pull zone")
    {
      const Recorder r = dry_run("bunny",
                                 "pull_zone_id = \"42\"",
                                 {{TargetKind::url, "https://www.example.com/a b"},
                                  {TargetKind::prefix, "www.example.com/img/"},
                                  {TargetKind::tag, "t"}});
      // The URL with a space is refused before planning.
      REQUIRE(r.failed.size() == 1);
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url == "https://api.bunny.net/purge?url=https%3A%2F%2Fwww.example.com%2F"
                                 "img%2F%2A&async=false");
      CHECK(r.requests[1].url == "https://api.bunny.net/pullzone/42/purgeCache");
      CHECK(r.requests[1].body == R"({"CacheTag":"t"})");
    }
    SUBCASE("cloudfront: an XML batch whose Quantity matches its paths")
    {
      const Recorder r = dry_run("cloudfront",
                                 "distribution_id = \"EDFDVBD6EXAMPL\"",
                                 {{TargetKind::url, "https://www.example.com/a?x=1&y=2"},
                                  {TargetKind::url, "https://www.example.com/b"},
                                  {TargetKind::prefix, "/img/"}});
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url ==
            "https://cloudfront.amazonaws.com/2020-05-31/distribution/EDFDVBD6EXAMPL/invalidation");
      CHECK(r.requests[0].body.find("<Quantity>2</Quantity><Items><Path>/a?x=1&amp;y=2</Path>"
                                    "<Path>/b</Path></Items>") != std::string::npos);
      CHECK(r.requests[0].body.find("<CallerReference>cachectl-") != std::string::npos);
      CHECK(r.requests[1].body.find("<Path>/img/*</Path>") != std::string::npos);
    }
    SUBCASE("google: one rule per call with a requestId")
    {
      const Recorder r = dry_run("google",
                                 "project = \"my-project\"\nurl_map = \"web-map\"",
                                 {{TargetKind::url, "https://www.example.com/a?x=1"},
                                  {TargetKind::prefix, "/img"},
                                  {TargetKind::tag, "t"}});
      REQUIRE(r.requests.size() == 3);
      CHECK(r.requests[0].url.starts_with("https://compute.googleapis.com/compute/v1/projects/"
                                          "my-project/global/urlMaps/web-map/invalidateCache"
                                          "?requestId="));
      CHECK(r.requests[0].body == R"({"host":"www.example.com","path":"/a"})");
      CHECK(r.requests[1].body == R"({"host":"www.example.com","path":"/img/*"})");
      CHECK(r.requests[2].body == R"({"cacheTags":["t"],"path":"/*"})");
    }
    SUBCASE("azure: content paths and the domains they are on")
    {
      const Recorder r =
          dry_run("azure",
                  "subscription_id = \"0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f\"\n"
                  "resource_group = \"rg\"\nprofile = \"p\"\nendpoint_name = \"e\"",
                  {{TargetKind::url, "https://www.example.com/a"}, {TargetKind::prefix, "/img"}});
      REQUIRE(r.requests.size() == 2);
      CHECK(r.requests[0].url ==
            "https://management.azure.com/subscriptions/0f3e1f5c-3a4b-4c5d-8e9f-0a1b2c3d4e5f/"
            "resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/afdEndpoints/e/purge"
            "?api-version=2024-02-01");
      CHECK(r.requests[0].body == R"({"contentPaths":["/a"],"domains":["www.example.com"]})");
      CHECK(r.requests[1].body == R"({"contentPaths":["/img/*"],"domains":["www.example.com"]})");
    }
    SUBCASE("varnish: every node, PURGE with the site's Host, xkey tags, BAN prefixes")
    {
      const Recorder r = dry_run("varnish",
                                 "nodes = [\"http://127.0.0.1:6081\", \"http://127.0.0.2:6081/\"]",
                                 {{TargetKind::url, "https://www.example.com/a"},
                                  {TargetKind::tag, "k"},
                                  {TargetKind::prefix, "/docs"}});
      REQUIRE(r.requests.size() == 6);
      CHECK(r.requests[0].method == "PURGE");
      CHECK(r.requests[0].url == "http://127.0.0.1:6081/a");
      CHECK(header(r.requests[0], "Host") == "www.example.com");
      CHECK(r.requests[1].url == "http://127.0.0.2:6081/a");
      CHECK(r.calls[1].node == "http://127.0.0.2:6081/");
      CHECK(r.requests[2].method == "BAN");
      CHECK(r.requests[2].url == "http://127.0.0.1:6081/docs");
      CHECK(header(r.requests[4], "xkey") == "k");
    }
    SUBCASE("nginx: PURGE keys, key prefixes with *")
    {
      const Recorder r = dry_run("nginx",
                                 "nodes = [\"http://127.0.0.1:8080\"]",
                                 {{TargetKind::prefix, "/docs/"}, {TargetKind::tag, "t"}});
      REQUIRE(r.requests.size() == 1);
      CHECK(r.requests[0].url == "http://127.0.0.1:8080/docs/*");
      REQUIRE(r.failed.size() == 1);
      CHECK(r.failed[0].second.find("cannot purge by tag") != std::string::npos);
    }
    SUBCASE("http: one kind per JSON body, tags also in the tag header")
    {
      const Recorder r = dry_run("http",
                                 "url = \"https://hooks.example.com/purge\"\nmethod = \"PUT\"",
                                 {{TargetKind::tag, "a"}, {TargetKind::tag, "b"}});
      REQUIRE(r.requests.size() == 1);
      CHECK(r.requests[0].method == "PUT");
      CHECK(r.requests[0].body == R"({"tags":["a","b"]})");
      CHECK(header(r.requests[0], "Surrogate-Key") == "a b");
    }
  }
}
