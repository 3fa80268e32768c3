// `export --to nginx`: a `map $uri` whose first matching regular expression is the rule cachectl
// picks, a map per header and `add_header … always`. That the real nginx loads it and serves
// those headers is tested by tests/live.
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace cachectl;

namespace {

// Exports `toml` (which must load) to the format under test.
ExportResult
export_text(std::string_view toml, bool lossy = false)
{
  return test::export_text(toml, ExportFormat::nginx, lossy);
}

// An nginx quoted string's content (`\\` and `\"` unescaped), from `"` to the closing `"`.
std::string
unquote(std::string_view quoted)
{
  std::string out;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    if (quoted[i] == '\\') {
      ++i;
    }
    out += quoted[i];
  }
  return out;
}

// One `map SOURCE $VAR { … }` of the file: its entries (key → value) in order.
std::vector<std::pair<std::string, std::string>>
map_entries(const std::string& text, std::string_view variable)
{
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.starts_with("map ") && line.ends_with(std::string(variable) + " {")) {
      inside = true;
    } else if (inside && line == "}") {
      break;
    } else if (inside && !line.starts_with("  #") && !line.starts_with("  default")) {
      // `  KEY VALUE;` where KEY may be a quoted string holding spaces.
      const std::string body = line.substr(2, line.size() - 3);
      const std::size_t split = body.front() == '"' ? body.find("\" ") + 1 : body.find(' ');
      out.emplace_back(body.substr(0, split), body.substr(split + 1));
    }
  }
  return out;
}

// The value of `$variable` for $uri = `path`: the rule the first matching regex names, then the
// value that rule's entry gives ("" when none).
std::string
value_for(const std::string& text, std::string_view variable, const std::string& path)
{
  std::string rule;
  for (const auto& [key, number] : map_entries(text, "$cachectl_rule")) {
    const std::string regex = unquote(key).substr(1); // drop `~`
    if (std::regex_search(path, std::regex(regex, std::regex::ECMAScript))) {
      rule = number;
      break;
    }
  }
  for (const auto& [key, value] : map_entries(text, variable)) {
    if (key == rule) {
      return value.front() == '"' ? unquote(value) : value;
    }
  }
  return "";
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("nginx: the first regular expression that matches is the rule cachectl picks")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/[...rest]"]
max_age = 5
[routes."/blog/[slug]"]
max_age = 300
browser_max_age = 60
[routes."/blog/featured"]
max_age = 60
[routes."/api/[...rest]"]
cache = false
)");
  REQUIRE_FALSE(r.refused);
  CHECK(r.diagnostics.empty());
  const std::string& t = r.text;
  CHECK(value_for(t, "$cachectl_x_accel_expires", "/blog/featured") == "60");
  CHECK(value_for(t, "$cachectl_x_accel_expires", "/blog/hello") == "300");
  CHECK(value_for(t, "$cachectl_cache_control", "/blog/hello") == "max-age=60");
  CHECK(value_for(t, "$cachectl_x_accel_expires", "/blog/a/b") == "5");
  CHECK(value_for(t, "$cachectl_x_accel_expires", "/") == "5");
  // The opt-out rule: no TTL, private, no-store, and $cachectl_no_cache.
  CHECK(value_for(t, "$cachectl_x_accel_expires", "/api/user") == "");
  CHECK(value_for(t, "$cachectl_cache_control", "/api/user") == "private, no-store");
  CHECK(value_for(t, "$cachectl_no_cache", "/api/user") == "1");
  CHECK(value_for(t, "$cachectl_no_cache", "/blog/hello") == "");
  // X-Accel-Expires is added before Cache-Control (a cache in front reads them in order).
  const auto accel = t.find("add_header X-Accel-Expires $cachectl_x_accel_expires always;");
  const auto cache_control = t.find("add_header Cache-Control $cachectl_cache_control always;");
  REQUIRE(accel != std::string::npos);
  REQUIRE(cache_control != std::string::npos);
  CHECK(accel < cache_control);
  // Each rule's expression names its rule and place.
  CHECK(t.find("# [routes.\"/blog/featured\"] cache.toml:7") != std::string::npos);
}

TEST_CASE("nginx: a base and the trailing-slash mode are part of the expressions")
{
  const ExportResult r = export_text(R"(version = 1
[site]
base = "/docs"
trailing_slash = "never"
[routes."/"]
max_age = 10
[routes."/[page]"]
max_age = 20
)");
  REQUIRE_FALSE(r.refused);
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/docs") == "10");
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/docs/intro") == "20");
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/docs/intro/") == ""); // never
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/docs/") == "");       // Astro's 301
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/other") == "");
}

TEST_CASE("nginx: backslashes and quotes are escaped in the quoted strings")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/a.b/[x]"]
max_age = 1
)");
  REQUIRE_FALSE(r.refused);
  // The regex `\.` is written `\\.` inside nginx's quotes.
  CHECK(r.text.find(R"("~^/a\\.b/)") != std::string::npos);
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/a.b/c") == "1");
  CHECK(value_for(r.text, "$cachectl_x_accel_expires", "/aXb/c") == "");
}

TEST_CASE("nginx: request- and status-dependent options and `$` in a value are refused")
{
  const ExportResult bypass = export_text(R"(version = 1
[bypass]
cookies = ["session"]
[routes."/[...rest]"]
max_age = 5
)");
  CHECK(bypass.refused);
  CHECK(bypass.text.empty());
  REQUIRE(bypass.diagnostics.size() == 1);
  CHECK(bypass.diagnostics[0].code == "export-inexpressible");
  CHECK(bypass.diagnostics[0].span.begin.line == 3);
  CHECK(bypass.diagnostics[0].message.find("an nginx include cannot express [bypass] bypass "
                                           "cookies") != std::string::npos);

  const std::string dollar = R"(version = 1
[routes."/a"]
max_age = 5
etag = '"v$1"'
[routes."/b"]
max_age = 6
[routes."/[...rest]"]
max_age = 7
)";
  const ExportResult refused = export_text(dollar);
  CHECK(refused.refused);
  REQUIRE(refused.diagnostics.size() == 1);
  CHECK(refused.diagnostics[0].span.begin.line == 2);
  CHECK(refused.diagnostics[0].message.find("`$` starts a variable") != std::string::npos);
  // --lossy: written without that rule; the other is there.
  const ExportResult lossy = export_text(dollar, true);
  REQUIRE_FALSE(lossy.refused);
  CHECK(lossy.diagnostics[0].code == "export-lossy");
  CHECK(value_for(lossy.text, "$cachectl_x_accel_expires", "/b") == "6");
  // /a keeps its own line (no headers): it does not fall through to the catch-all.
  CHECK(value_for(lossy.text, "$cachectl_x_accel_expires", "/a") == "");
  CHECK(value_for(lossy.text, "$cachectl_x_accel_expires", "/c") == "7");
  CHECK(lossy.text.find("v$1") == std::string::npos);
}
