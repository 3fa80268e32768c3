#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>

using namespace cachectl;

namespace {

Config
make_config(std::initializer_list<std::string_view> patterns,
            TrailingSlash mode = TrailingSlash::ignore,
            std::string base = "/")
{
  Config config;
  config.file = "test.toml";
  config.trailing_slash = mode;
  config.base = std::move(base);
  std::uint32_t line = 1;
  for (auto text : patterns) {
    auto p = Pattern::parse(text);
    REQUIRE(p.has_value());
    config.rules.push_back(Rule{*p, {}, {line, 1}, {line, 2}, {}});
    ++line;
  }
  return config;
}

std::string
winner(const Config& config, const ReferenceMatcher& m, std::string_view path)
{
  auto r = m.match(path);
  return r ? config.rules[r->rule].pattern.source() : "(none)";
}

} // namespace

TEST_SUITE_BEGIN("matcher");

TEST_CASE("ReferenceMatcher: the highest-priority matching rule wins, whatever the file order")
{
  const Config config = make_config({"/[...rest]",
                                     "/blog/[...path]",
                                     "/blog/[slug]",
                                     "/blog/featured",
                                     "/",
                                     "/[lang]-[version]"});
  const ReferenceMatcher m(config);
  CHECK(winner(config, m, "/blog/featured") == "/blog/featured");
  CHECK(winner(config, m, "/blog/hello") == "/blog/[slug]");
  CHECK(winner(config, m, "/blog/a/b") == "/blog/[...path]");
  CHECK(winner(config, m, "/blog") == "/blog/[...path]");
  CHECK(winner(config, m, "/") == "/");
  CHECK(winner(config, m, "/en-us") == "/[lang]-[version]");
  CHECK(winner(config, m, "/x/y") == "/[...rest]");
  const auto all = m.match_all("/blog/hello");
  REQUIRE(all.size() == 3);
  CHECK(config.rules[all[0].rule].pattern.source() == "/blog/[slug]");
  CHECK(config.rules[all[1].rule].pattern.source() == "/blog/[...path]");
  CHECK(config.rules[all[2].rule].pattern.source() == "/[...rest]");
}

TEST_CASE("ReferenceMatcher: params, lazy captures, empty rests are absent")
{
  const Config config =
      make_config({"/[lang]-[version]", "/docs/[...path]", "/api/[...slug].json"});
  const ReferenceMatcher m(config);
  auto r = m.match("/en-us-v1");
  REQUIRE(r);
  CHECK(r->params == std::vector<Param>{{"lang", "en"}, {"version", "us-v1"}});
  r = m.match("/docs/");
  REQUIRE(r);
  CHECK(r->params.empty());
  r = m.match("/docs/a/b/");
  REQUIRE(r);
  CHECK(r->params == std::vector<Param>{{"path", "a/b"}});
  r = m.match("/api/b/c.json");
  REQUIRE(r);
  CHECK(r->params == std::vector<Param>{{"slug", "b/c"}});
  r = m.match("/api/.json");
  REQUIRE(r);
  CHECK(r->params.empty());
}

TEST_CASE("ReferenceMatcher: trailing-slash modes")
{
  SUBCASE("always")
  {
    const Config config = make_config({"/about", "/blog/[...path]"}, TrailingSlash::always);
    const ReferenceMatcher m(config);
    CHECK(winner(config, m, "/about/") == "/about");
    CHECK(winner(config, m, "/about") == "(none)");
    CHECK(winner(config, m, "/blog") == "(none)");
    CHECK(winner(config, m, "/blog/") == "/blog/[...path]");
  }
  SUBCASE("never: a standalone rest still swallows the slash")
  {
    const Config config = make_config({"/about", "/blog/[...path]"}, TrailingSlash::never);
    const ReferenceMatcher m(config);
    CHECK(winner(config, m, "/about") == "/about");
    CHECK(winner(config, m, "/about/") == "(none)");
    auto r = m.match("/blog/a/");
    REQUIRE(r);
    CHECK(r->params == std::vector<Param>{{"path", "a/"}});
  }
}

TEST_CASE("resolve: normalization, base, redirects, invalid input")
{
  Config config = make_config({"/", "/[slug]", "/about"}, TrailingSlash::ignore, "/docs");
  const ReferenceMatcher m(config);
  auto r = resolve(config, m, "https://Example.com/docs/./%61bout#x");
  CHECK(r.kind == Resolution::Kind::matched);
  CHECK(r.url.path == "/docs/about");
  CHECK(r.path == "/about");
  REQUIRE(r.match);
  CHECK(config.rules[r.match->rule].pattern.source() == "/about");
  CHECK(resolve(config, m, "/docs").path == "/");
  CHECK(resolve(config, m, "/elsewhere").kind == Resolution::Kind::outside_base);
  r = resolve(config, m, "//docs/x");
  CHECK(r.kind == Resolution::Kind::redirect);
  CHECK(r.location == "/docs/x");
  r = resolve(config, m, "/docs/a%zz");
  CHECK(r.kind == Resolution::Kind::invalid);
  CHECK(r.error.message == "malformed percent-escape");
  CHECK(resolve(config, m, "/docs/a/b").kind == Resolution::Kind::unmatched);
}

TEST_CASE("resolve: two spellings of one resource reach the same rule")
{
  const Config config = make_config({"/account", "/[...path].css", "/~user/[x]"});
  const ReferenceMatcher m(config);
  auto rule_of = [&](std::string_view input) {
    auto r = resolve(config, m, input);
    return r.match ? config.rules[r.match->rule].pattern.source() : std::string("(none)");
  };
  CHECK(rule_of("/account") == "/account");
  CHECK(rule_of("/%61ccount") == "/account");
  CHECK(rule_of("/x/../account") == "/account");
  CHECK(rule_of("/x/%2e%2E/account") == "/account");
  CHECK(rule_of("/%7Euser/a") == "/~user/[x]");
  CHECK(rule_of("/~user/a") == "/~user/[x]");
  // %2F is never a separator: this is one segment, not `/account`.
  CHECK(rule_of("/x%2F..%2Faccount") == "(none)");
}

TEST_CASE("effective_options: defaults under the rule, templates expanded, opt-out")
{
  Config config = make_config({"/blog/[slug]", "/api/[...rest]", "/docs/[...path]"});
  config.defaults.browser_max_age = 0;
  config.defaults.tags = {"site"};
  config.rules[0].options.max_age = 300;
  config.rules[0].options.tags = {"post:{slug}"};
  config.rules[1].options.cache = false;
  config.rules[2].options.tags = {"docs:{path}"};
  const ReferenceMatcher m(config);
  auto r = m.match("/blog/hello");
  REQUIRE(r);
  CacheOptions o = effective_options(config, *r);
  CHECK(o.max_age == 300);
  CHECK(o.browser_max_age == 0);
  CHECK(o.tags == std::vector<std::string>{"site", "post:hello"});
  r = m.match("/api/x");
  REQUIRE(r);
  o = effective_options(config, *r);
  CHECK(o.cache == false);
  CHECK(o.tags.empty());
  CHECK_FALSE(o.browser_max_age.has_value());
  r = m.match("/docs");
  REQUIRE(r);
  CHECK(effective_options(config, *r).tags == std::vector<std::string>{"site", "docs:"});
  // The canonical tag (decoded params), as `headers` and `purge --tag` spell it before each
  // provider's escaping: what `match --explain` shows.
  r = m.match("/blog/caf%C3%A9");
  REQUIRE(r);
  CHECK(effective_options(config, *r).tags == std::vector<std::string>{"site", "post:caf\xc3\xa9"});
}

TEST_SUITE_END();
