// The JSON and GitHub workflow-command renderers of diagnostics, with golden strings.
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

TEST_SUITE_BEGIN("diagnostic");

TEST_CASE("json: several files")
{
  CHECK(render_json(two_files(), {}) == R"({
  "version": 1,
  "files": [
    {
      "file": "cache.toml",
      "diagnostics": [
        {
          "severity": "error",
          "code": "unknown-key",
          "message": "unknown key `maxAge` in [routes.\"/blog/[id]\"]; did you mean `max_age`?",
          "span": {
            "file": "cache.toml",
            "line": 12,
            "column": 1,
            "end_line": 12,
            "end_column": 7
          },
          "related": [],
          "suggestion": "max_age",
          "suppressed": null
        },
        {
          "severity": "error",
          "code": "duplicate-pattern",
          "message": "pattern \"/blog/[id]\" matches the same URLs as \"/blog/[slug]\"",
          "span": {
            "file": "cache.toml",
            "line": 9,
            "column": 9,
            "end_line": 9,
            "end_column": 21
          },
          "related": [
            {
              "message": "first defined here",
              "span": {
                "file": "cache.toml",
                "line": 6,
                "column": 9,
                "end_line": 6,
                "end_column": 23
              }
            }
          ],
          "suggestion": null,
          "suppressed": null
        },
        {
          "severity": "warning",
          "code": "stale-without-max-age",
          "message": "`swr` without `max_age`",
          "span": {
            "file": "cache.toml",
            "line": 4,
            "column": 1,
            "end_line": null,
            "end_column": null
          },
          "related": [],
          "suggestion": null,
          "suppressed": null
        },
        {
          "severity": "note",
          "code": "no-catch-all",
          "message": "some URLs match no rule",
          "span": {
            "file": "cache.toml",
            "line": null,
            "column": null,
            "end_line": null,
            "end_column": null
          },
          "related": [],
          "suggestion": null,
          "suppressed": null
        }
      ],
      "counts": {
        "errors": 2,
        "warnings": 1,
        "notes": 1,
        "suppressed": 0
      }
    },
    {
      "file": "site/clean.toml",
      "diagnostics": [],
      "counts": {
        "errors": 0,
        "warnings": 0,
        "notes": 0,
        "suppressed": 0
      }
    }
  ],
  "counts": {
    "errors": 2,
    "warnings": 1,
    "notes": 1,
    "suppressed": 0,
    "files": 2
  }
}
)");
}

TEST_CASE("json: no files, unknown files, escaping")
{
  CHECK(render_json({}, {}) == R"({
  "version": 1,
  "files": [],
  "counts": {
    "errors": 0,
    "warnings": 0,
    "notes": 0,
    "suppressed": 0,
    "files": 0
  }
}
)");
  FileDiagnostics file{"", "", {}};
  file.diagnostics = {diagnostic(Severity::error,
                                 "invalid-value",
                                 "tab\there \"quoted\" \xE2\x98\x95 bad \xFF byte",
                                 span("", {1, 2}, {1, 3}),
                                 {RelatedSpan{span("b.toml", {}), "elsewhere"}})};
  CHECK(render_json(std::vector{file}, {}) == R"({
  "version": 1,
  "files": [
    {
      "file": null,
      "diagnostics": [
        {
          "severity": "error",
          "code": "invalid-value",
          "message": "tab\there \"quoted\" ☕ bad � byte",
          "span": {
            "file": null,
            "line": 1,
            "column": 2,
            "end_line": 1,
            "end_column": 3
          },
          "related": [
            {
              "message": "elsewhere",
              "span": {
                "file": "b.toml",
                "line": null,
                "column": null,
                "end_line": null,
                "end_column": null
              }
            }
          ],
          "suggestion": null,
          "suppressed": null
        }
      ],
      "counts": {
        "errors": 1,
        "warnings": 0,
        "notes": 0,
        "suppressed": 0
      }
    }
  ],
  "counts": {
    "errors": 1,
    "warnings": 0,
    "notes": 0,
    "suppressed": 0,
    "files": 1
  }
}
)");
  const auto parsed = nlohmann::ordered_json::parse(render_json(two_files(), {}));
  CHECK(parsed.at("counts").at("files") == 2);
}

TEST_CASE("github: several files")
{
  CHECK(
      render_github(two_files(), {}) ==
      R"(::error file=cache.toml,line=12,col=1,endLine=12,endColumn=7,title=cachectl unknown-key::unknown key `maxAge` in [routes."/blog/[id]"]; did you mean `max_age`? (suggestion: max_age)
::error file=cache.toml,line=9,col=9,endLine=9,endColumn=21,title=cachectl duplicate-pattern::pattern "/blog/[id]" matches the same URLs as "/blog/[slug]" — see cache.toml:6:9: first defined here
::warning file=cache.toml,line=4,col=1,title=cachectl stale-without-max-age::`swr` without `max_age`
::notice file=cache.toml,title=cachectl no-catch-all::some URLs match no rule
)");
  CHECK(render_github({}, {}).empty());
}

TEST_CASE("github: escaping of data and properties")
{
  FileDiagnostics file{"dir,1/a:b%.toml", "", {}};
  file.diagnostics = {
      diagnostic(Severity::error,
                 "invalid-value",
                 "100% sure\nnext\r line: a,b",
                 span("dir,1/a:b%.toml", {1, 2}, {1, 4}),
                 {RelatedSpan{span("x:y.toml", {3, 1}), "50%\nhere"}},
                 "a%b\nc"),
  };
  CHECK(render_github(std::vector{file}, {}) ==
        "::error file=dir%2C1/a%3Ab%25.toml,line=1,col=2,endLine=1,endColumn=4,title=cachectl "
        "invalid-value::100%25 sure%0Anext%0D line: a,b (suggestion: a%25b%0Ac) \xE2\x80\x94 see "
        "x:y.toml:3:1: 50%25%0Ahere\n");
}

TEST_CASE("github: unknown and multi-line positions")
{
  FileDiagnostics file{"a.toml", "", {}};
  file.diagnostics = {
      // GitHub takes columns only on one line.
      diagnostic(Severity::warning, "wrong-type", "multi-line", span("a.toml", {2, 3}, {4, 1})),
      // A point.
      diagnostic(Severity::error, "toml-syntax", "point", span("a.toml", {5, 3}, {5, 3})),
      // A line without a column.
      diagnostic(Severity::error, "toml-syntax", "line only", span("a.toml", {6, 0}, {6, 0})),
      // No file: the file reported on.
      diagnostic(Severity::note, "no-root-rule", "no root", span("", {})),
      // Related spans without positions or files.
      diagnostic(Severity::error,
                 "",
                 "no code",
                 span("a.toml", {}),
                 {RelatedSpan{span("", {}), "same file"}}),
  };
  FileDiagnostics anonymous{"", "", {}};
  anonymous.diagnostics = {diagnostic(Severity::error,
                                      "invalid-value",
                                      "nowhere",
                                      span("", {1, 1}, {1, 2}),
                                      {{span("", {2, 2}), "also nowhere"}})};
  CHECK(render_github(std::vector{file, anonymous}, {}) ==
        R"(::warning file=a.toml,line=2,endLine=4,title=cachectl wrong-type::multi-line
::error file=a.toml,line=5,col=3,endLine=5,endColumn=3,title=cachectl toml-syntax::point
::error file=a.toml,line=6,endLine=6,title=cachectl toml-syntax::line only
::notice file=a.toml,title=cachectl no-root-rule::no root
::error file=a.toml,title=cachectl::no code — see a.toml: same file
::error line=1,col=1,endLine=1,endColumn=2,title=cachectl invalid-value::nowhere — see also nowhere
)");
}

TEST_SUITE_END();
