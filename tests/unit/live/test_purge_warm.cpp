#include "../headers/headers_support.hpp"

#include <cachectl/live/purge_warm.hpp>
#include <cachectl/match/compiled_matcher.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cachectl;
using cachectl::test::load;

TEST_SUITE_BEGIN("purge_warm");

namespace {

constexpr const char* k_config = R"(version = 1
[site]
origins = ["https://www.example.com"]
[routes."/blog/[slug]"]
max_age = 300
tags = ["blog", "post:{slug}"]
[routes."/docs/[...path]"]
max_age = 300
tags = ["docs"]
[routes."/api/[...rest]"]
cache = false
tags = ["blog"]
)";

} // namespace

TEST_CASE("a tag covers the URLs whose rule gives it that tag, {param} expanded")
{
  const Config config = load(k_config);
  const CompiledMatcher matcher(config);
  const Target post{TargetKind::tag, "post:hello"};
  CHECK(purge_covers(config, matcher, post, "https://www.example.com/blog/hello"));
  CHECK_FALSE(purge_covers(config, matcher, post, "https://www.example.com/blog/other"));
  const Target blog{TargetKind::tag, "blog"};
  CHECK(purge_covers(config, matcher, blog, "https://www.example.com/blog/other"));
  CHECK_FALSE(purge_covers(config, matcher, blog, "https://www.example.com/docs/a"));
  // An opted-out page carries no tag, whatever the rule lists; an unmatched URL none either.
  CHECK_FALSE(purge_covers(config, matcher, blog, "https://www.example.com/api/x"));
  CHECK_FALSE(purge_covers(config, matcher, blog, "https://www.example.com/other"));
}

TEST_CASE("prefix, host, URL and everything: scheme and host case ignored")
{
  const Config config = load(k_config);
  const CompiledMatcher matcher(config);
  const Target prefix{TargetKind::prefix, "https://www.example.com/docs/"};
  CHECK(purge_covers(config, matcher, prefix, "https://www.example.com/docs/a"));
  CHECK(purge_covers(config, matcher, prefix, "http://WWW.example.com/docs/a/b"));
  CHECK_FALSE(purge_covers(config, matcher, prefix, "https://www.example.com/docsx"));
  CHECK_FALSE(purge_covers(config, matcher, prefix, "https://other.example.com/docs/a"));
  const Target host{TargetKind::host, "www.example.com"};
  CHECK(purge_covers(config, matcher, host, "https://WWW.EXAMPLE.COM/x"));
  CHECK_FALSE(purge_covers(config, matcher, host, "https://www.example.com:8443/x"));
  const Target url{TargetKind::url, "https://www.example.com/a?x=1"};
  CHECK(purge_covers(config, matcher, url, "http://www.example.com/a?x=1"));
  CHECK_FALSE(purge_covers(config, matcher, url, "https://www.example.com/a"));
  CHECK(purge_covers(config, matcher, {TargetKind::everything, ""}, "https://a.example/"));
  CHECK_FALSE(purge_covers(config, matcher, {TargetKind::rule, "/blog/[slug]"}, "https://a/"));
}

TEST_CASE("jobs: purged URLs, then the candidates a tag covers; on a node with the URL's host")
{
  const Config config = load(k_config);
  const CompiledMatcher matcher(config);
  const std::vector<PurgedTarget> purged = {
      {{TargetKind::url, "https://www.example.com/docs/a?v=2#frag"}, "http://127.0.0.1:6081/"},
      {{TargetKind::url, "https://www.example.com/docs/a?v=2"}, "http://127.0.0.1:6082"},
      {{TargetKind::tag, "post:hello"}, ""},
  };
  const std::vector<std::string> candidates = {"https://www.example.com/blog/hello",
                                               "https://www.example.com/blog/other",
                                               "https://www.example.com/blog/hello"};
  const auto jobs = warm_jobs_after_purge(config, matcher, purged, candidates, 2);
  const std::vector<ProbeJob> want = {
      {"http://127.0.0.1:6081/docs/a?v=2", 2, "www.example.com"},
      {"http://127.0.0.1:6082/docs/a?v=2", 2, "www.example.com"},
      {"https://www.example.com/blog/hello", 2, ""},
  };
  CHECK(jobs == want);
}

TEST_CASE("jobs: nothing purged, or no candidate covered, warms nothing")
{
  const Config config = load(k_config);
  const CompiledMatcher matcher(config);
  CHECK(warm_jobs_after_purge(config, matcher, {}, {"https://www.example.com/blog/a"}, 2).empty());
  CHECK(warm_jobs_after_purge(
            config, matcher, {{{TargetKind::tag, "docs"}, ""}}, {"https://www.example.com/"}, 1)
            .empty());
  // A URL without a path is warmed at `/` on the node.
  const auto jobs = warm_jobs_after_purge(
      config, matcher, {{{TargetKind::url, "https://www.example.com"}, "http://n:1"}}, {}, 1);
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].url == "http://n:1/");
  CHECK(jobs[0].host == "www.example.com");
}

TEST_SUITE_END();
