// cache.toml loading: the typed model, file order, positions and every error message.
#include "config_support.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

using namespace cachectl;
using namespace cachectl::test;

TEST_CASE("parse_config: the DESIGN.md example loads into the exact typed model")
{
  const Config config = loaded(design_example);
  CHECK(config.file == "cache.toml");
  CHECK(config.version == 1);
  CHECK(config.base == "/");
  CHECK(config.trailing_slash == TrailingSlash::ignore);
  const std::vector<std::string> origins{"https://www.example.com", "https://example.com"};
  CHECK(config.origins == origins);
  CHECK(config.provider == "cloudflare");

  CacheOptions defaults;
  defaults.browser_max_age = 0;
  defaults.vary = std::vector<std::string>{"Accept-Encoding"};
  CHECK(config.defaults == defaults);

  BypassRules bypass;
  bypass.cookies = {"session", "wordpress_logged_in_*"};
  bypass.headers = {"Authorization"};
  bypass.query = BypassRules::Query::any;
  CHECK(config.bypass == bypass);

  REQUIRE(config.rules.size() == 6);
  std::vector<std::string> patterns;
  for (const auto& rule : config.rules) {
    patterns.push_back(rule.pattern.source());
  }
  const std::vector<std::string> file_order{"/",
                                            "/blog/[slug]",
                                            "/blog/[...path]",
                                            "/assets/[...file]",
                                            "/api/[...rest]",
                                            "/v1/stream/[...id]"};
  CHECK(patterns == file_order);

  CHECK(config.rules[0].options == with_max_age(600));
  CacheOptions blog = with_max_age(300);
  blog.swr = 60;
  blog.stale_if_error = 86400;
  blog.browser_max_age = 60;
  blog.tags = {"blog", "post:{slug}"};
  CHECK(config.rules[1].options == blog);
  CacheOptions blog_rest = with_max_age(3600);
  blog_rest.tags = {"blog"};
  CHECK(config.rules[2].options == blog_rest);
  CacheOptions assets = with_max_age(31536000);
  assets.immutable = true;
  CHECK(config.rules[3].options == assets);
  CacheOptions api;
  api.cache = false;
  CHECK(config.rules[4].options == api);
  CacheOptions stream = with_max_age(20);
  stream.statuses = std::vector<std::int64_t>{200};
  stream.methods = std::vector<std::string>{"GET"};
  CHECK(config.rules[5].options == stream);

  CHECK(config.rules[1].pattern.param_names() == std::vector<std::string>{"slug"});
  CHECK(at(config.rules[0].pos) == "19:9");
  CHECK(at(config.rules[1].pos) == "22:9");
  CHECK(at(config.rules[2].pos) == "29:9");
  CHECK(at(config.rules[3].pos) == "33:9");
  CHECK(at(config.rules[4].pos) == "37:9");
  CHECK(at(config.rules[5].pos) == "40:9");
  CHECK(positions(config.rules[0].key_pos) == "max_age@20:1");
  CHECK(positions(config.rules[1].key_pos) ==
        "browser_max_age@26:1 max_age@23:1 stale_if_error@25:1 swr@24:1 tags@27:1");
  CHECK(positions(config.rules[5].key_pos) == "max_age@41:1 methods@43:1 statuses@42:1");

  REQUIRE(config.providers.size() == 1);
  const ProviderSettings& cloudflare = config.providers[0];
  CHECK(cloudflare.name == "cloudflare");
  CHECK(at(cloudflare.pos) == "45:12");
  const std::map<std::string, std::string> values{{"token_env", "CLOUDFLARE_API_TOKEN"},
                                                  {"zone_id", "023e105f4ecef8ad9ca31a8372d0c353"}};
  CHECK(cloudflare.values == values);
  CHECK(cloudflare.lists.empty());
  CHECK(positions(cloudflare.key_pos) == "token_env@47:1 zone_id@46:1");
}

TEST_CASE("load_config: reads a file, and says why it cannot")
{
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("cachectl-test-config-{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "cache.toml";
  {
    std::ofstream out(file, std::ios::binary);
    out << design_example;
  }

  const auto config = load_config(file);
  REQUIRE(config.has_value());
  CHECK(config->file == file.string());
  CHECK(config->rules.size() == 6);
  CHECK(config->providers.size() == 1);

  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << "version = 3\n";
  }
  const auto wrong = load_config(file);
  REQUIRE_FALSE(wrong.has_value());
  REQUIRE(wrong.error().size() == 1);
  CHECK(format_short(wrong.error()[0]) ==
        file.string() +
            ":1:11: error: unsupported config version 3 (this cachectl reads version 1)");

  const auto missing = load_config(dir / "missing.toml");
  REQUIRE_FALSE(missing.has_value());
  REQUIRE(missing.error().size() == 1);
  CHECK(missing.error()[0].message == "cannot read config file: No such file or directory");
  CHECK(missing.error()[0].span.file == (dir / "missing.toml").string());
  CHECK_FALSE(missing.error()[0].span.begin.known());

  const auto directory = load_config(dir);
  REQUIRE_FALSE(directory.has_value());
  REQUIRE(directory.error().size() == 1);
  CHECK(directory.error()[0].message == "cannot read config file: Is a directory");

  std::filesystem::remove_all(dir);
}

TEST_CASE("parse_config: a TOML syntax error is the only error, at toml++'s position")
{
  CHECK(error_of("version = 1\nx = \"\xC3\xA9\" ;\n") ==
        "cache.toml:2:9: error: invalid TOML in key-value pair: expected a comment or "
        "whitespace, saw ';'");
  CHECK(error_of("version = 1\nx = 1\nx = 2\n") ==
        "cache.toml:3:5: error: invalid TOML in key-value pair: cannot redefine existing "
        "integer 'x'");
  // No version and unknown keys, but the syntax error hides everything else.
  CHECK(error_of("foo = 1\nbar = [\n") ==
        "cache.toml:2:9: error: invalid TOML in array: encountered end-of-file");
}

TEST_CASE("parse_config: version")
{
  const std::string missing = "cache.toml:1:1: error: missing `version = 1` at the top of the file";
  CHECK(error_of("") == missing);
  CHECK(error_of("# nothing\n") == missing);
  CHECK(error_of("[site]\nbase = \"/\"\n") == missing);
  CHECK(error_of("version = 2\n") ==
        "cache.toml:1:11: error: unsupported config version 2 (this cachectl reads version 1)");
  CHECK(error_of("\n  version = 0\n") ==
        "cache.toml:2:13: error: unsupported config version 0 (this cachectl reads version 1)");
  CHECK(error_of("version = \"1\"\n") ==
        "cache.toml:1:11: error: `version` must be an integer, not a string");
  CHECK(error_of("version = 1.0\n") ==
        "cache.toml:1:11: error: `version` must be an integer, not a float");
  // It need not be on the first line.
  const Config config = loaded("# cache rules\n\nversion = 1\n");
  CHECK(config.version == 1);
  CHECK(config.rules.empty());
  CHECK(config.providers.empty());
  CHECK(config.base == "/");
  CHECK(config.defaults == CacheOptions{});
  CHECK(config.bypass == BypassRules{});
}

TEST_CASE("parse_config: bypass belongs to routes and the top level, not to [defaults]")
{
  check_errors({
      {"[defaults]\nbypass = { cookies = [\"a\"] }\n",
       "cache.toml:3:1: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
      {"[defaults.bypass]\ncookies = []\n",
       "cache.toml:2:11: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
      {"[defaults]\nbypass = 5\n",
       "cache.toml:3:1: error: `bypass` is not allowed in [defaults]; use the top-level [bypass] "
       "table"},
  });

  const Config config = loaded(v1(R"([routes."/account/[...rest]"]
max_age = 60
bypass = { cookies = ["session"], query = "any" }
[routes."/b"]
[routes."/b".bypass]
[routes."/c"]
tags = []
)"));
  REQUIRE(config.rules.size() == 3);
  CacheOptions account = with_max_age(60);
  account.bypass = BypassRules{};
  account.bypass->cookies = {"session"};
  account.bypass->query = BypassRules::Query::any;
  CHECK(config.rules[0].options == account);
  CHECK(positions(config.rules[0].key_pos) ==
        "bypass@4:1 bypass.cookies@4:12 bypass.query@4:35 max_age@3:1");
  CacheOptions empty_bypass;
  empty_bypass.bypass = BypassRules{};
  CHECK(config.rules[1].options == empty_bypass);
  CHECK(config.rules[2].options == CacheOptions{});
  CHECK(positions(config.rules[2].key_pos) == "tags@8:1");
}

TEST_CASE("parse_config: bypass query forms")
{
  const Config listed = loaded(v1("[bypass]\nquery = [\"preview\", \"token\"]\n"));
  CHECK(listed.bypass.query == BypassRules::Query::listed);
  CHECK(listed.bypass.query_params == std::vector<std::string>{"preview", "token"});
  const Config never = loaded(v1("[bypass]\nquery = \"never\"\ncookies = [\"a*\"]\n"));
  CHECK(never.bypass.query == BypassRules::Query::never);
  CHECK(never.bypass.query_params.empty());
  CHECK(never.bypass.cookies == std::vector<std::string>{"a*"});
  const Config any = loaded(v1("[bypass]\nquery = \"any\"\n"));
  CHECK(any.bypass.query == BypassRules::Query::any);
}

TEST_CASE("parse_config: an invalid route pattern points at the offending character")
{
  // Each case: the config, the position, and the pattern named in the message.
  struct PatternCase {
    std::string text;
    std::string position;
    std::string pattern;
  };
  const std::vector<PatternCase> cases{
      // A space inside a parameter name: column of the space.
      {v1("[routes.\"/blog/[sl ug]\"]\n"), "2:19", "/blog/[sl ug]"},
      // An escape in the key: the columns no longer map, so the key's own column.
      {v1("[routes.\"/blog/[sl\\u0020ug]\"]\n"), "2:9", "/blog/[sl ug]"},
      // A literal-string key maps like a basic one.
      {v1("[routes.'/blog/[slug']\n"), "2:16", "/blog/[slug"},
      // Columns count characters, as toml++ does: `é` is two bytes but one column.
      {v1("[routes.\"/\xC3\xA9/[x\"]\n"), "2:13", "/\xC3\xA9/[x"},
      // Inline table and dotted keys.
      {v1("routes = { \"/a]\" = {} }\n"), "2:15", "/a]"},
      {v1("[routes]\n\"/x/[a\".max_age = 1\n"), "3:5", "/x/[a"},
      // A bare key has no quote to skip.
      {v1("[routes.blog]\n"), "2:9", "blog"},
      // CRLF line ends.
      {"version = 1\r\n[routes.\"/blog/[sl ug]\"]\r\n", "2:19", "/blog/[sl ug]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto errors = errors_of(c.text);
    REQUIRE(errors.size() == 1);
    CHECK(at(errors[0].span.begin) == c.position);
    const std::string prefix = fmt::format("invalid route pattern \"{}\": ", c.pattern);
    CHECK(errors[0].message.starts_with(prefix));
    CHECK(errors[0].message.size() > prefix.size());
  }

  // The options of a route with a bad pattern are still checked.
  const auto errors = errors_of(v1("[routes.\"/a]\"]\nmaxAge = 1\n"));
  REQUIRE(errors.size() == 2);
  CHECK(at(errors[0].span.begin) == "2:12");
  CHECK(errors[0].message.starts_with("invalid route pattern \"/a]\": "));
  CHECK(format_short(errors[1]) ==
        "cache.toml:3:1: error: unknown key `maxAge` in [routes.\"/a]\"]; did you mean `max_age`?");
}

TEST_CASE("parse_config: every problem is reported, in file order")
{
  // toml++ orders tables by key (bypass, defaults, providers, routes, site; "/a" before "/z");
  // the errors come in the order they are written.
  const auto errors = errors_of(R"([site]
trailing_slash = "sometimes"
[routes."/z"]
maxAge = 1
[routes."/a"]
max_age = -1
[providers.cloudfare]
[defaults]
tags = [1]
[bypass]
query = "all"
)");
  std::vector<std::string> rendered;
  for (const auto& error : errors) {
    rendered.push_back(format_short(error));
  }
  const std::vector<std::string> expected{
      "cache.toml:1:1: error: missing `version = 1` at the top of the file",
      "cache.toml:2:18: error: `trailing_slash` must be one of \"ignore\", \"always\", \"never\", "
      "not "
      "\"sometimes\"",
      "cache.toml:4:1: error: unknown key `maxAge` in [routes.\"/z\"]; did you mean `max_age`?",
      "cache.toml:6:11: error: `max_age` must be between 0 and 2147483648, not -1",
      "cache.toml:7:12: error: unknown provider `cloudfare`; did you mean `cloudflare`?",
      "cache.toml:9:9: error: `tags` must be an array of strings; element 1 is an integer",
      "cache.toml:11:9: error: `query` must be one of \"never\", \"any\" or an array of strings, "
      "not "
      "\"all\"",
  };
  CHECK(rendered == expected);

  // Several problems on one line, in column order.
  const auto same_line = errors_of(v1("[defaults]\ntags = [1, \"a\", 2]\n"));
  REQUIRE(same_line.size() == 2);
  CHECK(at(same_line[0].span.begin) == "3:9");
  CHECK(at(same_line[1].span.begin) == "3:17");
}

TEST_CASE("parse_config: rules and providers keep file order")
{
  const Config config = loaded(R"(version = 1
[routes."/z"]
max_age = 1
[routes."/a/[b]"]
max_age = 2
[providers.varnish]
[routes."/m"]
max_age = 3
[providers.akamai]
[routes."/"]
max_age = 4
[providers.fastly]
)");
  REQUIRE(config.rules.size() == 4);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"/z", "2:9"}, {"/a/[b]", "4:9"}, {"/m", "7:9"}, {"/", "10:9"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(config.rules[i].pattern.source() == expected[i].first);
    CHECK(at(config.rules[i].pos) == expected[i].second);
    CHECK(config.rules[i].options == with_max_age(static_cast<std::int64_t>(i + 1)));
  }
  REQUIRE(config.providers.size() == 3);
  CHECK(config.providers[0].name == "varnish");
  CHECK(config.providers[1].name == "akamai");
  CHECK(config.providers[2].name == "fastly");
  CHECK(at(config.providers[1].pos) == "9:12");
}

TEST_CASE("parse_config: unknown providers")
{
  check_errors({
      {"[providers.cloudfare]\n",
       "cache.toml:2:12: error: unknown provider `cloudfare`; did you mean `cloudflare`?"},
      {"[providers.CloudFlare]\nzone_id = \"x\"\n",
       "cache.toml:2:12: error: unknown provider `CloudFlare`; did you mean `cloudflare`?"},
      {"[providers]\nfastlyy = {}\n",
       "cache.toml:3:1: error: unknown provider `fastlyy`; did you mean `fastly`?"},
      // Its keys cannot be checked, so they are not reported.
      {"[providers.foo]\nbar = 1\n", "cache.toml:2:12: error: unknown provider `foo`"},
  });
}

TEST_CASE("parse_config: provider settings as text and lists")
{
  const Config config = loaded(v1(R"([providers.akamai]
edgerc = "~/.edgerc"
network = "staging"
rate = 2.5
timeout = 30
batch_size = 50
[providers.varnish]
nodes = ["http://a:6081", "http://b:6081"]
method = "BAN"
timeout = 1e3
)"));
  REQUIRE(config.providers.size() == 2);
  const ProviderSettings& akamai = config.providers[0];
  const std::map<std::string, std::string> akamai_values{{"batch_size", "50"},
                                                         {"edgerc", "~/.edgerc"},
                                                         {"network", "staging"},
                                                         {"rate", "2.5"},
                                                         {"timeout", "30"}};
  CHECK(akamai.values == akamai_values);
  CHECK(akamai.lists.empty());
  CHECK(positions(akamai.key_pos) == "batch_size@7:1 edgerc@3:1 network@4:1 rate@5:1 timeout@6:1");
  const ProviderSettings& varnish = config.providers[1];
  const std::map<std::string, std::string> varnish_values{{"method", "BAN"}, {"timeout", "1000.0"}};
  CHECK(varnish.values == varnish_values);
  const std::map<std::string, std::vector<std::string>> varnish_lists{
      {"nodes", {"http://a:6081", "http://b:6081"}}};
  CHECK(varnish.lists == varnish_lists);
  CHECK(at(varnish.pos) == "8:12");
}

TEST_CASE("parse_config: [site]")
{
  // The default provider needs no [providers.x] table; the base is normalized.
  const Config config = loaded(v1(R"([site]
provider = "fastly"
base = "docs"
trailing_slash = "never"
origins = ["https://docs.example.com"]
)"));
  CHECK(config.provider == "fastly");
  CHECK(config.providers.empty());
  CHECK(config.base == "/docs");
  CHECK(config.trailing_slash == TrailingSlash::never);
  CHECK(config.origins == std::vector<std::string>{"https://docs.example.com"});

  CHECK(loaded(v1("[site]\nbase = \"\"\n")).base == "/");
  CHECK(loaded(v1("[site]\ntrailing_slash = \"always\"\n")).trailing_slash ==
        TrailingSlash::always);
  CHECK(loaded(v1("[site]\n")).provider.empty());
}

TEST_CASE("parse_config: only the keys written are set")
{
  const Config config = loaded(v1("[routes.\"/a\"]\nmax_age = 5\n[defaults]\ntags = []\n"));
  REQUIRE(config.rules.size() == 1);
  CHECK(config.rules[0].options == with_max_age(5));
  CHECK(positions(config.rules[0].key_pos) == "max_age@3:1");
  CHECK(config.defaults == CacheOptions{});
}

TEST_CASE("parse_config: every key of the table reaches the typed model")
{
  const Config plain = loaded(v1(""));
  for (const auto& spec : config_keys()) {
    CAPTURE(spec.name);
    const std::string line = fmt::format("{} = {}\n", spec.name, sample_value(spec));
    switch (spec.scope) {
    case KeyScope::root:
      break;
    case KeyScope::site:
      CHECK(site_fingerprint(loaded(v1("[site]\n" + line))) != site_fingerprint(plain));
      break;
    case KeyScope::options: {
      const Config route = loaded(v1("[routes.\"/\"]\n" + line));
      REQUIRE(route.rules.size() == 1);
      // `allow` is about validate's diagnostics, not a cache option.
      CHECK((spec.name == "allow" ? !route.rules[0].allow.empty()
                                  : route.rules[0].options != CacheOptions{}));
      CHECK(route.rules[0].key_pos.at(std::string(spec.name)).key == SourcePos{3, 1});
      if (spec.type != KeyType::table && spec.name != "allow") {
        CHECK(loaded(v1("[defaults]\n" + line)).defaults != CacheOptions{});
      }
      break;
    }
    case KeyScope::bypass:
      CHECK(loaded(v1("[bypass]\n" + line)).bypass != BypassRules{});
      break;
    case KeyScope::cache_key: {
      const Config route =
          loaded(v1("[routes.\"/\"]\ncache_key = { " + line.substr(0, line.size() - 1) + " }\n"));
      REQUIRE(route.rules.size() == 1);
      REQUIRE(route.rules[0].options.cache_key);
      CHECK(*route.rules[0].options.cache_key != CacheKey{});
      CHECK(route.rules[0].key_pos.contains(fmt::format("cache_key.{}", spec.name)));
      break;
    }
    case KeyScope::lint:
      CHECK_FALSE(loaded(v1("[lint]\n" + line)).lint_allow.empty());
      break;
    case KeyScope::provider: {
      const std::string_view provider =
          spec.providers.empty() ? "generic" : split_list(spec.providers).front();
      const Config config = loaded(v1(fmt::format("[providers.{}]\n{}", provider, line)));
      REQUIRE(config.providers.size() == 1);
      const auto& settings = config.providers[0];
      const std::string name(spec.name);
      CHECK((settings.values.contains(name) || settings.lists.contains(name)));
      CHECK(settings.key_pos.at(name).key == SourcePos{3, 1});
      break;
    }
    }
  }
}

TEST_CASE("parse_config: a 20,000-route, 10 MB config loads in file order")
{
  constexpr std::size_t routes = 20000;
  constexpr std::size_t tags_per_route = 30;
  std::string text = "version = 1\n";
  text.reserve(routes * 520);
  for (std::size_t i = 0; i < routes; ++i) {
    text += fmt::format("[routes.\"/section-{}/[slug]\"]\nmax_age = {}\ntags = [", i, i);
    for (std::size_t t = 0; t < tags_per_route; ++t) {
      text += fmt::format("{}\"tag-{}-{}\"", t == 0 ? "" : ", ", i, t);
    }
    text += "]\n";
  }
  CHECK(text.size() > 9'000'000);

  const Config config = loaded(text);
  REQUIRE(config.rules.size() == routes);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < routes; ++i) {
    const Rule& rule = config.rules[i];
    const bool ok = rule.pattern.source() == fmt::format("/section-{}/[slug]", i) &&
                    rule.options.max_age == static_cast<std::int64_t>(i) &&
                    rule.options.tags.size() == tags_per_route &&
                    rule.options.tags.back() == fmt::format("tag-{}-{}", i, tags_per_route - 1) &&
                    rule.pos == SourcePos{static_cast<std::uint32_t>(2 + 3 * i), 9};
    mismatches += ok ? 0 : 1;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("parse_config: a table written twice is named as written")
{
  const auto loaded = read_config_text(
      "version = 1\n[routes.\"/blog\"]\nmax_age = 1\n[routes.\"/blog\"]\n", "cache.toml");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(format_short(loaded.diagnostics[0]) ==
        "cache.toml:4:1: error: invalid TOML in table header: cannot redefine existing table "
        "'routes.\"/blog\"'");
  CHECK(loaded.diagnostics[0].code == "toml-syntax");
}
