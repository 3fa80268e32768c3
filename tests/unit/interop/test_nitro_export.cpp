// `export --to nitro`: one `headers` route rule per rule, refused where nitropack's merge of every
// matching rule (radix3 order, defu) would not give cachectl's winner's headers. That nitropack's
// own code reads the file as cachectl means is tested by tests/interop (interop-nitro-strict).
#include "interop_support.hpp"

#include <cachectl/interop/export.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

using namespace cachectl;

namespace {

// Exports `toml` (which must load) to the format under test.
ExportResult
export_text(std::string_view toml, bool lossy = false)
{
  return test::export_text(toml, ExportFormat::nitro, lossy);
}

// True when some diagnostic's message holds `text`.
bool
says(const ExportResult& r, std::string_view text)
{
  for (const auto& d : r.diagnostics) {
    if (d.message.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_SUITE_BEGIN("interop");

TEST_CASE("nitro: radix3 keys, the full header set on every entry, [site] provider")
{
  const ExportResult r = export_text(R"(version = 1
[site]
provider = "cloudflare"
[defaults]
tags = ["site"]
[routes."/"]
max_age = 600
[routes."/blog/[slug]"]
max_age = 300
swr = 60
[routes."/blog/featured"]
max_age = 60
[routes."/[...rest]"]
max_age = 5
)");
  REQUIRE_FALSE(r.refused);
  CHECK(r.diagnostics.empty());
  const auto document = nlohmann::ordered_json::parse(r.text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : document.items()) {
    keys.push_back(key);
    CHECK(value.size() == 1); // headers only: no swr, cache or isr
    CHECK(value["headers"]["Cloudflare-CDN-Cache-Control"].is_string());
    CHECK(value["headers"]["Cache-Tag"] == "site");
  }
  CHECK(keys == std::vector<std::string>{"/**", "/", "/blog/*", "/blog/featured"});
  CHECK(document["/blog/*"]["headers"]["Cloudflare-CDN-Cache-Control"] ==
        "max-age=300, stale-while-revalidate=60");
  CHECK(document["/**"]["headers"]["Cloudflare-CDN-Cache-Control"] == "max-age=5");
}

TEST_CASE("nitro: a header a less specific rule sets and the winner lacks is refused")
{
  const ExportResult r = export_text(R"(version = 1
[routes."/admin/[...rest]"]
cache = false
[routes."/[...path]"]
max_age = 60
)");
  CHECK(r.refused);
  CHECK(r.text.empty());
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(r.diagnostics[0].code == "export-inexpressible");
  CHECK(r.diagnostics[0].span.begin.line == 2);
  CHECK(says(r, "a rule without cdn-cache-control that `/**` sets"));
  // --lossy writes it anyway, with a warning.
  const ExportResult lossy = export_text(R"(version = 1
[routes."/admin/[...rest]"]
cache = false
[routes."/[...path]"]
max_age = 60
)",
                                         true);
  CHECK_FALSE(lossy.refused);
  REQUIRE(lossy.diagnostics.size() == 1);
  CHECK(lossy.diagnostics[0].code == "export-lossy");
  CHECK(nlohmann::json::parse(lossy.text).contains("/admin/**"));
}

TEST_CASE("nitro: radix3's order against Astro's: a `*` rule beats a `**` rule")
{
  // Astro: `/blog/[...rest]` wins `/blog/x` (static first segment); radix3 merges `/*/x` first.
  const ExportResult r = export_text(R"(version = 1
[routes."/blog/[...rest]"]
max_age = 60
[routes."/[p]/x"]
max_age = 5
)");
  CHECK(r.refused);
  CHECK(says(r, "this rule where `/*/x` also matches"));
  CHECK(says(r, "URLs such as `/blog/x`"));
  // The same headers: the order does not matter.
  CHECK_FALSE(export_text(R"(version = 1
[routes."/blog/[...rest]"]
max_age = 60
[routes."/[p]/x"]
max_age = 60
)")
                  .refused);
}

TEST_CASE("nitro: radix3's `*` matches an empty last segment after `*` or at the start")
{
  // `/*` matches `/` too: a rule for `/` is given its own entry, else refused.
  const ExportResult root = export_text(R"(version = 1
[routes."/[page]"]
max_age = 60
[routes."/[...rest]"]
max_age = 5
)");
  REQUIRE_FALSE(root.refused);
  const auto document = nlohmann::json::parse(root.text);
  REQUIRE(document.contains("/"));
  CHECK(document["/"] == document["/**"]);
  const ExportResult no_root = export_text(R"(version = 1
[routes."/[page]"]
max_age = 60
)");
  CHECK(no_root.refused);
  CHECK(says(no_root, "`/*` without a rule for `/`"));
  // `/blog/*/*` matches `/blog/x` too: it needs a rule `/blog/[a]`.
  const ExportResult nested = export_text(R"(version = 1
[routes."/blog/[a]/[b]"]
max_age = 60
)");
  CHECK(nested.refused);
  CHECK(says(nested, "`/blog/*/*` without a rule that covers `/blog/[a]` alone"));
  // A rule that covers `/blog/[a]` gives an entry of that shape its headers.
  const ExportResult covered = export_text(R"(version = 1
[routes."/blog/[a]/[b]"]
max_age = 60
[routes."/blog/[...rest]"]
max_age = 30
)");
  REQUIRE_FALSE(covered.refused);
  const auto added = nlohmann::json::parse(covered.text);
  REQUIRE(added.contains("/blog/*"));
  CHECK(added["/blog/*"] == added["/blog/**"]);
  // No rule covers `/x`: `/*/*` would give it headers.
  CHECK(says(export_text(R"(version = 1
[routes."/[a]/[b]"]
max_age = 60
[routes."/"]
max_age = 5
)"),
             "`/*/*` without a rule that covers `/[a]` alone"));
  CHECK_FALSE(export_text(R"(version = 1
[routes."/blog/[a]/[b]"]
max_age = 60
[routes."/blog/[a]"]
max_age = 30
)")
                  .refused);
}

TEST_CASE("nitro: what radix3 paths and route rules cannot say")
{
  CHECK(says(export_text(R"(version = 1
[routes."/docs/[...path]/edit"]
max_age = 60
)"),
             "a rest parameter before the last segment"));
  CHECK(says(export_text(R"(version = 1
[routes."/v[n]/api"]
max_age = 60
)"),
             "a parameter inside a segment"));
  CHECK(says(export_text(R"(version = 1
[routes."/a:b"]
max_age = 60
)"),
             "the text `a:b` in a path"));
  const ExportResult site = export_text(R"(version = 1
[site]
base = "/docs"
trailing_slash = "always"
[routes."/[...page]"]
max_age = 60
)");
  CHECK(site.refused);
  CHECK(says(site, "trailing_slash = \"always\""));
  CHECK(says(site, "base = \"/docs\""));
  const ExportResult tags = export_text(R"(version = 1
[routes."/blog/[slug]"]
max_age = 60
tags = ["blog", "post:{slug}"]
)",
                                        true);
  CHECK_FALSE(tags.refused);
  CHECK(says(tags, "a tag made from a parameter"));
  CHECK(nlohmann::json::parse(tags.text)["/blog/*"]["headers"]["Cache-Groups"] == "\"blog\"");
}

TEST_SUITE_END();
