// Suppressed diagnostics in every output format: counted, never shown as warnings.
#include <cachectl/lint/diagnostic.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

// cache.toml: one warning shown, one suppressed by an allow.
std::vector<FileDiagnostics>
sample()
{
  Diagnostic shown{Severity::warning,
                   "embedded-rest",
                   "shown",
                   SourceSpan{"cache.toml", {3, 9}, {3, 20}},
                   {},
                   {}};
  Diagnostic hidden{Severity::warning,
                    "embedded-rest",
                    "hidden",
                    SourceSpan{"cache.toml", {6, 9}, {6, 20}},
                    {},
                    {},
                    "allowed by `allow` of [routes.\"/a\"] on line 7"};
  return {FileDiagnostics{"cache.toml",
                          "version = 1\n\n[routes.\"/a/[...b].c\"]\n\n\n[routes.\"/x/[...y].z\"]\n"
                          "allow = [\"embedded-rest\"]\n",
                          {shown, hidden}}};
}

} // namespace

TEST_SUITE_BEGIN("diagnostic");

TEST_CASE("suppressed: counted apart, so --strict ignores them")
{
  const DiagnosticCounts counts = count(sample()[0].diagnostics);
  CHECK(counts.warnings == 1);
  CHECK(counts.suppressed == 1);
}

TEST_CASE("suppressed: text shows only the summary count")
{
  const std::string text = render_text(sample(), {});
  CHECK(text.find("shown") != std::string::npos);
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(text.ends_with("1 warning, 1 suppressed in 1 file\n"));
}

TEST_CASE("suppressed: JSON lists it with why, and counts it")
{
  const auto json = nlohmann::json::parse(render_json(sample(), {}));
  const auto& list = json["files"][0]["diagnostics"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["suppressed"].is_null());
  CHECK(list[1]["suppressed"] == "allowed by `allow` of [routes.\"/a\"] on line 7");
  CHECK(json["counts"]["suppressed"] == 1);
  CHECK(json["counts"]["warnings"] == 1);
}

TEST_CASE("suppressed: GitHub gets no annotation")
{
  const std::string github = render_github(sample(), {});
  CHECK(github.find("shown") != std::string::npos);
  CHECK(github.find("hidden") == std::string::npos);
}

TEST_CASE("suppressed: SARIF results carry suppressions (SARIF 2.1.0 3.27.23)")
{
  const auto sarif = nlohmann::json::parse(render_sarif(sample(), {}));
  const auto& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK_FALSE(results[0].contains("suppressions"));
  CHECK(results[1]["suppressions"] ==
        nlohmann::json::parse(R"([{"kind": "inSource", "status": "accepted",
          "justification": "allowed by `allow` of [routes.\"/a\"] on line 7"}])"));
}

TEST_SUITE_END();
