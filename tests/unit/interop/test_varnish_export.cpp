// `export --to varnish`: an if/elsif chain on bereq.url in priority order setting TTL, grace,
// headers and xkey. That the real Varnish compiles it and caches by it is tested by tests/live.
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

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
  return test::export_text(toml, ExportFormat::varnish, lossy);
}

// The statements of the branch whose `bereq.url ~ {"REGEX"}` is the first to match `url`
// (empty when none does): the lines between its `{` and `}`, trimmed.
std::vector<std::string>
branch_for(const std::string& text, const std::string& url)
{
  std::istringstream in(text);
  std::string line;
  bool taken = false;
  std::vector<std::string> out;
  const std::string open = "(bereq.url ~ {\"";
  while (std::getline(in, line)) {
    const auto at = line.find(open);
    if (at != std::string::npos) {
      if (taken) {
        break;
      }
      const auto begin = at + open.size();
      const std::string regex = line.substr(begin, line.find("\"}) {") - begin);
      taken = std::regex_search(url, std::regex(regex, std::regex::ECMAScript));
    } else if (taken && line.starts_with("    ") && !line.starts_with("    #")) {
      out.push_back(line.substr(4));
    }
  }
  return out;
}

// True when `statements` holds `statement`.
bool
holds(const std::vector<std::string>& statements, std::string_view statement)
{
  for (const auto& s : statements) {
    if (s == statement) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("varnish: the first branch that matches is the rule cachectl picks")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/[...rest]"]
max_age = 5
[routes."/blog/[slug]"]
max_age = 300
swr = 30
browser_max_age = 60
tags = ["blog", "post:{slug}"]
[routes."/blog/featured"]
max_age = 60
[routes."/api/[...rest]"]
cache = false
)");
  REQUIRE_FALSE(r.refused);
  CHECK(r.diagnostics.empty());
  CHECK(r.text.find("sub cachectl_backend_response {") != std::string::npos);

  const auto blog = branch_for(r.text, "/blog/hello");
  CHECK(holds(blog, "set beresp.ttl = 300s;"));
  CHECK(holds(blog, "set beresp.grace = 30s;"));
  CHECK(holds(
      blog,
      R"(set beresp.http.Cache-Control = {"max-age=60, s-maxage=300, stale-while-revalidate=30"};)"));
  // The tag from {slug} is the URL's own capture, percent-encoded like cachectl's tags.
  CHECK(holds(
      blog,
      R"(set beresp.http.xkey = {"blog,post:"} + regsuball(regsuball(regsub(bereq.url, {"^/blog/([^/?]+?)/?(?:\?.*)?$"}, "\1"), "%", "%25"), ",", "%2C");)"));
  // A query string does not change the rule, and a parameter never reaches into it.
  CHECK(branch_for(r.text, "/blog/hello?page=2") == blog);
  CHECK(holds(branch_for(r.text, "/blog/?x=1"), "set beresp.ttl = 5s;"));

  CHECK(holds(branch_for(r.text, "/blog/featured"), "set beresp.ttl = 60s;"));
  CHECK(holds(branch_for(r.text, "/"), "set beresp.ttl = 5s;"));
  const auto api = branch_for(r.text, "/api/user?id=1");
  CHECK(holds(api, "set beresp.uncacheable = true;"));
  CHECK(holds(api, R"(set beresp.http.Cache-Control = {"private, no-store"};)"));
  CHECK_FALSE(holds(api, "set beresp.ttl = 5s;"));
}

TEST_CASE("varnish: refused where VCL cannot say it")
{
  // `"}` would end the long string.
  const ExportResult quote = export_text(R"(version = 1
[routes."/a"]
max_age = 5
etag = '"}x"'
)");
  CHECK(quote.refused);
  REQUIRE(quote.diagnostics.size() == 1);
  CHECK(quote.diagnostics[0].message.find("ends a VCL long string") != std::string::npos);

  // Status-dependent TTLs apply to every status in a header file; refused like elsewhere.
  const ExportResult status = export_text(R"(version = 1
[routes."/a"]
max_age = 5
statuses = [200]
)");
  CHECK(status.refused);
  REQUIRE(status.diagnostics.size() == 1);
  CHECK(status.diagnostics[0].span.begin.line == 4);
  CHECK(status.diagnostics[0].message.starts_with("a Varnish VCL snippet cannot express"));

  // A tag from the 10th parameter: regsub has \1 to \9 only.
  const ExportResult many = export_text(R"(version = 1
[routes."/[a]/[b]/[c]/[d]/[e]/[f]/[g]/[h]/[i]/[j]"]
max_age = 5
tags = ["t:{j}"]
[routes."/x"]
max_age = 1
[routes."/[...rest]"]
max_age = 7
)",
                                        true);
  REQUIRE_FALSE(many.refused);
  REQUIRE(many.diagnostics.size() == 1);
  CHECK(many.diagnostics[0].code == "export-lossy");
  CHECK(holds(branch_for(many.text, "/x"), "set beresp.ttl = 1s;"));
  // The refused rule keeps an empty branch: its URLs do not fall through to the catch-all.
  CHECK(branch_for(many.text, "/1/2/3/4/5/6/7/8/9/10").empty());
  CHECK(holds(branch_for(many.text, "/1/2"), "set beresp.ttl = 7s;"));
}
