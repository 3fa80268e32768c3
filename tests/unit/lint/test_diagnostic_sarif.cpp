// The SARIF 2.1.0 renderer of diagnostics: golden logs and the structure GitHub code scanning
// requires.
#include "diagnostic_fixtures.hpp"

#include <cachectl/lint/diagnostic.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace cachectl;
using namespace diagnostic_fixtures;

namespace {

// Checks the structure GitHub code scanning requires of a SARIF 2.1.0 log.
void
check_sarif_structure(const nlohmann::ordered_json& log)
{
  const auto positive = [](const nlohmann::ordered_json& value) {
    return value.is_number_integer() && value.get<std::int64_t>() >= 1;
  };
  const auto check_physical = [&](const nlohmann::ordered_json& physical) {
    REQUIRE(physical.is_object());
    REQUIRE(physical.at("artifactLocation").at("uri").is_string());
    CHECK_FALSE(physical.at("artifactLocation").at("uri").get<std::string>().empty());
    if (physical.contains("region")) {
      const nlohmann::ordered_json& region = physical.at("region");
      CHECK(positive(region.at("startLine")));
      for (const char* key : {"startColumn", "endLine", "endColumn"}) {
        if (region.contains(key)) {
          CHECK(positive(region.at(key)));
        }
      }
      if (region.contains("endLine")) {
        CHECK(region.at("endLine").get<int>() >= region.at("startLine").get<int>());
      }
    }
  };

  CHECK(log.at("version") == "2.1.0");
  CHECK(log.at("$schema") == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(log.at("runs").is_array());
  REQUIRE(log.at("runs").size() == 1);
  const nlohmann::ordered_json& run = log.at("runs")[0];
  const nlohmann::ordered_json& driver = run.at("tool").at("driver");
  CHECK(driver.at("name") == "cachectl");
  CHECK(driver.at("version").is_string());
  REQUIRE(driver.at("rules").is_array());
  std::set<std::string> ids;
  for (const nlohmann::ordered_json& rule : driver.at("rules")) {
    const auto id = rule.at("id").get<std::string>();
    CHECK(ids.insert(id).second);
    CHECK(rule.at("shortDescription").at("text").is_string());
    CHECK(rule.at("fullDescription").at("text").is_string());
    CHECK(rule.at("help").at("text").is_string());
    const auto level = rule.at("defaultConfiguration").at("level").get<std::string>();
    CHECK((level == "error" || level == "warning" || level == "note"));
  }
  CHECK(run.at("columnKind") == "utf16CodeUnits");
  for (const nlohmann::ordered_json& artifact : run.at("artifacts")) {
    CHECK(artifact.at("location").at("uri").is_string());
  }
  REQUIRE(run.at("results").is_array());
  for (const nlohmann::ordered_json& result : run.at("results")) {
    const auto rule_id = result.at("ruleId").get<std::string>();
    CHECK(ids.contains(rule_id));
    const auto index = result.at("ruleIndex").get<std::size_t>();
    REQUIRE(index < driver.at("rules").size());
    CHECK(driver.at("rules")[index].at("id") == rule_id);
    const auto level = result.at("level").get<std::string>();
    CHECK((level == "error" || level == "warning" || level == "note"));
    CHECK(result.at("message").at("text").is_string());
    REQUIRE(result.at("locations").is_array());
    for (const nlohmann::ordered_json& location : result.at("locations")) {
      check_physical(location.at("physicalLocation"));
      const nlohmann::ordered_json& artifact =
          location.at("physicalLocation").at("artifactLocation");
      if (artifact.contains("index")) {
        const auto artifact_index = artifact.at("index").get<std::size_t>();
        REQUIRE(artifact_index < run.at("artifacts").size());
        CHECK(run.at("artifacts")[artifact_index].at("location").at("uri") == artifact.at("uri"));
      }
    }
    if (result.contains("relatedLocations")) {
      std::set<int> related_ids;
      for (const nlohmann::ordered_json& related : result.at("relatedLocations")) {
        CHECK(related.at("id").get<int>() >= 0);
        CHECK(related_ids.insert(related.at("id").get<int>()).second);
        CHECK(related.at("message").at("text").is_string());
        if (related.contains("physicalLocation")) {
          check_physical(related.at("physicalLocation"));
        }
      }
    }
  }
}

} // namespace

TEST_SUITE_BEGIN("diagnostic");

TEST_CASE("sarif: several files")
{
  const std::string sarif = render_sarif(two_files(), RenderOptions{.tool_version = "1.2.3"});
  CHECK(sarif == R"json({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "cachectl",
          "informationUri": "https://github.com/cachectl/cachectl",
          "version": "1.2.3",
          "rules": [
            {
              "id": "unknown-key",
              "name": "UnknownKey",
              "shortDescription": {
                "text": "a key or table cachectl does not know"
              },
              "fullDescription": {
                "text": "a key or table cachectl does not know"
              },
              "help": {
                "text": "Keys are snake_case; fix the spelling (the suggestion shows the closest key) or remove it."
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "duplicate-pattern",
              "name": "DuplicatePattern",
              "shortDescription": {
                "text": "two patterns that match exactly the same URLs"
              },
              "fullDescription": {
                "text": "two patterns that match exactly the same URLs"
              },
              "help": {
                "text": "Patterns equal up to parameter names (`/blog/[slug]` and `/blog/[id]`) or spelling (`/%61` and `/a`) are the same rule; the second can never win. Merge them."
              },
              "defaultConfiguration": {
                "level": "error"
              }
            },
            {
              "id": "no-catch-all",
              "name": "NoCatchAll",
              "shortDescription": {
                "text": "some URLs match no rule"
              },
              "fullDescription": {
                "text": "some URLs match no rule"
              },
              "help": {
                "text": "Add a catch-all `[routes.\"/[...rest]\"]` to give every page a policy (it may be `cache = false`)."
              },
              "defaultConfiguration": {
                "level": "note"
              }
            },
            {
              "id": "stale-without-max-age",
              "name": "StaleWithoutMaxAge",
              "shortDescription": {
                "text": "`swr` or `stale_if_error` without `max_age`"
              },
              "fullDescription": {
                "text": "`swr` or `stale_if_error` without `max_age`"
              },
              "help": {
                "text": "Stale directives extend a freshness lifetime; set `max_age` too."
              },
              "defaultConfiguration": {
                "level": "warning"
              }
            }
          ]
        }
      },
      "columnKind": "utf16CodeUnits",
      "artifacts": [
        {
          "location": {
            "uri": "cache.toml",
            "uriBaseId": "%SRCROOT%"
          }
        },
        {
          "location": {
            "uri": "site/clean.toml",
            "uriBaseId": "%SRCROOT%"
          }
        }
      ],
      "results": [
        {
          "ruleId": "unknown-key",
          "ruleIndex": 0,
          "level": "error",
          "message": {
            "text": "unknown key `maxAge` in [routes.\"/blog/[id]\"]; did you mean `max_age`? (suggestion: max_age)"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "cache.toml",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 12,
                  "startColumn": 1,
                  "endLine": 12,
                  "endColumn": 7
                }
              }
            }
          ]
        },
        {
          "ruleId": "duplicate-pattern",
          "ruleIndex": 1,
          "level": "error",
          "message": {
            "text": "pattern \"/blog/[id]\" matches the same URLs as \"/blog/[slug]\""
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "cache.toml",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 9,
                  "startColumn": 9,
                  "endLine": 9,
                  "endColumn": 21
                }
              }
            }
          ],
          "relatedLocations": [
            {
              "id": 1,
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "cache.toml",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 6,
                  "startColumn": 9,
                  "endLine": 6,
                  "endColumn": 23
                }
              },
              "message": {
                "text": "first defined here"
              }
            }
          ]
        },
        {
          "ruleId": "stale-without-max-age",
          "ruleIndex": 3,
          "level": "warning",
          "message": {
            "text": "`swr` without `max_age`"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "cache.toml",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                },
                "region": {
                  "startLine": 4,
                  "startColumn": 1
                }
              }
            }
          ]
        },
        {
          "ruleId": "no-catch-all",
          "ruleIndex": 2,
          "level": "note",
          "message": {
            "text": "some URLs match no rule"
          },
          "locations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "cache.toml",
                  "uriBaseId": "%SRCROOT%",
                  "index": 0
                }
              }
            }
          ]
        }
      ]
    }
  ]
}
)json");
  check_sarif_structure(nlohmann::ordered_json::parse(sarif));
}

TEST_CASE("sarif: no files")
{
  const std::string sarif = render_sarif({}, {});
  CHECK(sarif == R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {
        "driver": {
          "name": "cachectl",
          "informationUri": "https://github.com/cachectl/cachectl",
          "version": "0.0",
          "rules": []
        }
      },
      "columnKind": "utf16CodeUnits",
      "artifacts": [],
      "results": []
    }
  ]
}
)");
  check_sarif_structure(nlohmann::ordered_json::parse(sarif));
}

TEST_CASE("sarif: columns in UTF-16 code units, URIs, related files, unknown codes")
{
  // é is 2 bytes and 1 UTF-16 unit; 🚀 is 4 bytes and 2 units; a tab is 1 unit.
  FileDiagnostics a{
      "conf dir/a.toml", "tags = [\"\xC3\xA9\", \"\xF0\x9F\x9A\x80\", \"x\"]\n\tk = 1\n", {}};
  a.diagnostics = {
      diagnostic(Severity::warning,
                 "tags-differ-in-case",
                 "tags differ only by case",
                 span("conf dir/a.toml", {1, 23}, {1, 26}),
                 {RelatedSpan{span("conf dir/a.toml", {1, 15}, {1, 21}), "the rocket"},
                  RelatedSpan{span("/etc/cachectl/b.toml", {2, 5}, {2, 9}), "in b"}}),
      diagnostic(Severity::error, "made-up-code", "not in the catalogue", span("", {2, 2}, {3, 1})),
  };
  FileDiagnostics b{"/etc/cachectl/b.toml", "", {}};
  b.diagnostics = {
      diagnostic(Severity::error, "read-error", "cannot read", span("/etc/cachectl/b.toml", {}))};

  const std::string sarif = render_sarif(std::vector{a, b}, {});
  const auto log = nlohmann::ordered_json::parse(sarif);
  check_sarif_structure(log);
  const nlohmann::ordered_json& run = log.at("runs")[0];
  CHECK(run.at("artifacts").dump() ==
        R"([{"location":{"uri":"conf%20dir/a.toml","uriBaseId":"%SRCROOT%"}},)"
        R"({"location":{"uri":"file:///etc/cachectl/b.toml"}}])");
  CHECK(
      run.at("tool").at("driver").at("rules").dump() ==
      R"([{"id":"read-error","name":"ReadError","shortDescription":{"text":"the file cannot be read"},)"
      R"("fullDescription":{"text":"the file cannot be read"},"help":{"text":"Check the path and its )"
      R"(permissions."},"defaultConfiguration":{"level":"error"}},)"
      R"({"id":"tags-differ-in-case","name":"TagsDifferInCase","shortDescription":{"text":"two tags of )"
      R"(a rule differ only by case"},"fullDescription":{"text":"two tags of a rule differ only by )"
      R"(case"},"help":{"text":"Cloudflare and CloudFront treat tags case-insensitively while Akamai )"
      R"(and Varnish xkey do not; purges then behave differently per provider."},)"
      R"("defaultConfiguration":{"level":"warning"}},)"
      R"({"id":"made-up-code","name":"MadeUpCode","shortDescription":{"text":"made-up-code"},)"
      R"("fullDescription":{"text":"made-up-code"},"help":{"text":"See cachectl-validate(1) for the )"
      R"(diagnostic codes."},"defaultConfiguration":{"level":"error"}}])");
  const nlohmann::ordered_json& results = run.at("results");
  REQUIRE(results.size() == 3);
  CHECK(results[0].at("ruleIndex") == 1);
  // Byte columns 23..26 (`"x"` after é and 🚀) are UTF-16 columns 20..23.
  CHECK(
      results[0].at("locations").dump() ==
      R"([{"physicalLocation":{"artifactLocation":{"uri":"conf%20dir/a.toml","uriBaseId":"%SRCROOT%",)"
      R"("index":0},"region":{"startLine":1,"startColumn":20,"endLine":1,"endColumn":23}}}])");
  // Byte columns 15..21 (the quoted 🚀) are UTF-16 columns 14..18; b.toml has no text, so its
  // columns stay as they are.
  CHECK(
      results[0].at("relatedLocations").dump() ==
      R"([{"id":1,"physicalLocation":{"artifactLocation":{"uri":"conf%20dir/a.toml",)"
      R"("uriBaseId":"%SRCROOT%","index":0},"region":{"startLine":1,"startColumn":14,"endLine":1,)"
      R"("endColumn":18}},"message":{"text":"the rocket"}},)"
      R"({"id":2,"physicalLocation":{"artifactLocation":{"uri":"file:///etc/cachectl/b.toml",)"
      R"("index":1},"region":{"startLine":2,"startColumn":5,"endLine":2,"endColumn":9}},)"
      R"("message":{"text":"in b"}}])");
  // A span without a file is in the file reported on; line 3 is the empty line after the
  // last line break.
  CHECK(results[1].at("ruleId") == "made-up-code");
  CHECK(results[1].at("ruleIndex") == 2);
  CHECK(results[1].at("locations")[0].at("physicalLocation").at("region").dump() ==
        R"({"startLine":2,"startColumn":2,"endLine":3,"endColumn":1})");
  // Without a line: a region-less location.
  CHECK(results[2].at("ruleIndex") == 0);
  CHECK(
      results[2].at("locations").dump() ==
      R"([{"physicalLocation":{"artifactLocation":{"uri":"file:///etc/cachectl/b.toml","index":1}}}])");
}

TEST_CASE("sarif: UTF-16 columns far into a long line")
{
  // 🚀 is 4 bytes and 2 units, é 2 bytes and 1 unit: after 1,000 of each, byte column 6,001 is
  // UTF-16 column 3,001.
  std::string line;
  for (int i = 0; i < 1000; ++i) {
    line += "\xF0\x9F\x9A\x80\xC3\xA9";
  }
  FileDiagnostics file{"a.toml", line + "x\n", {}};
  for (std::uint32_t column : {6001U, 7U, 6001U}) {
    file.diagnostics.push_back(diagnostic(
        Severity::error, "invalid-value", "bad", span("a.toml", {1, column}, {1, 6003})));
  }
  const auto log = nlohmann::ordered_json::parse(render_sarif(std::vector{file}, {}));
  const nlohmann::ordered_json& results = log.at("runs")[0].at("results");
  REQUIRE(results.size() == 3);
  const auto region = [&](std::size_t i) {
    return results[i].at("locations")[0].at("physicalLocation").at("region").dump();
  };
  CHECK(region(0) == R"({"startLine":1,"startColumn":3001,"endLine":1,"endColumn":3003})");
  CHECK(region(1) == R"({"startLine":1,"startColumn":4,"endLine":1,"endColumn":3003})");
  CHECK(region(2) == region(0));
}

TEST_CASE("sarif: a diagnostic without any file has no location")
{
  FileDiagnostics file{"", "", {}};
  file.diagnostics = {diagnostic(Severity::note, "no-root-rule", "no root", span("", {1, 1}))};
  const auto log = nlohmann::ordered_json::parse(render_sarif(std::vector{file}, {}));
  const nlohmann::ordered_json& result = log.at("runs")[0].at("results")[0];
  CHECK(result.dump() ==
        R"({"ruleId":"no-root-rule","ruleIndex":0,"level":"note","message":{"text":"no root"}})");
  CHECK(log.at("runs")[0].at("artifacts").empty());
}

TEST_SUITE_END();
