// The diagnostic renderers: text, JSON, GitHub workflow commands and SARIF, with golden strings.
#include <cachectl/lint/diagnostic.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace cachectl;

namespace {

SourceSpan
span(std::string file, SourcePos begin, SourcePos end = {})
{
  return SourceSpan{std::move(file), begin, end};
}

Diagnostic
diagnostic(Severity severity,
           std::string code,
           std::string message,
           SourceSpan where,
           std::vector<RelatedSpan> related = {},
           std::string suggestion = {})
{
  return Diagnostic{severity,
                    std::move(code),
                    std::move(message),
                    std::move(where),
                    std::move(related),
                    std::move(suggestion)};
}

// cache.toml with an error with a suggestion, an error with a related span, a warning whose end
// is unknown and a note without a position; site/clean.toml without problems.
std::vector<FileDiagnostics>
two_files()
{
  FileDiagnostics broken{"cache.toml",
                         "version = 1\n"
                         "\n"
                         "[routes.\"/\"]\n"
                         "swr = 30\n"
                         "\n"
                         "[routes.\"/blog/[slug]\"]\n"
                         "max_age = 60\n"
                         "\n"
                         "[routes.\"/blog/[id]\"]\n"
                         "tags = [\"a\"]\n"
                         "# comment\n"
                         "maxAge = 300\n",
                         {}};
  broken.diagnostics = {
      diagnostic(Severity::error,
                 "unknown-key",
                 "unknown key `maxAge` in [routes.\"/blog/[id]\"]; did you mean `max_age`?",
                 span("cache.toml", {12, 1}, {12, 7}),
                 {},
                 "max_age"),
      diagnostic(Severity::error,
                 "duplicate-pattern",
                 "pattern \"/blog/[id]\" matches the same URLs as \"/blog/[slug]\"",
                 span("cache.toml", {9, 9}, {9, 21}),
                 {RelatedSpan{span("cache.toml", {6, 9}, {6, 23}), "first defined here"}}),
      diagnostic(Severity::warning,
                 "stale-without-max-age",
                 "`swr` without `max_age`",
                 span("cache.toml", {4, 1})),
      diagnostic(Severity::note, "no-catch-all", "some URLs match no rule", span("cache.toml", {})),
  };
  FileDiagnostics clean{"site/clean.toml", "version = 1\n", {}};
  return {broken, clean};
}

// One file whose text is `text`, with one error on line 1 spanning the byte columns [begin, end).
std::vector<FileDiagnostics>
one_line(std::string text, std::uint32_t begin, std::uint32_t end)
{
  FileDiagnostics file{"a.toml", std::move(text), {}};
  file.diagnostics = {
      diagnostic(Severity::error, "invalid-value", "bad", span("a.toml", {1, begin}, {1, end}))};
  return {file};
}

std::string
text_of(const std::vector<FileDiagnostics>& files, bool color = false)
{
  return render_text(files, RenderOptions{.color = color, .tool_version = "0.0"});
}

// `text` without ANSI escape sequences.
std::string
strip_escapes(std::string_view text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i = text.find('m', i);
      REQUIRE(i != std::string_view::npos);
      continue;
    }
    out += text[i];
  }
  return out;
}

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

TEST_CASE("severity names")
{
  CHECK(to_string(Severity::error) == "error");
  CHECK(to_string(Severity::warning) == "warning");
  CHECK(to_string(Severity::note) == "note");
}

TEST_CASE("format_short leaves unknown parts out")
{
  auto d = diagnostic(Severity::error,
                      "unknown-key",
                      "unknown key `maxAge` in [defaults]; did you mean `max_age`?",
                      span("cache.toml", {3, 1}, {3, 7}),
                      {},
                      "max_age");
  CHECK(format_short(d) ==
        "cache.toml:3:1: error: unknown key `maxAge` in [defaults]; did you mean `max_age`?");
  d.span.begin.column = 0;
  CHECK(format_short(d) ==
        "cache.toml:3: error: unknown key `maxAge` in [defaults]; did you mean `max_age`?");
  d.span.begin = {};
  CHECK(format_short(d) ==
        "cache.toml: error: unknown key `maxAge` in [defaults]; did you mean `max_age`?");
  d.span.file.clear();
  CHECK(format_short(d) == "error: unknown key `maxAge` in [defaults]; did you mean `max_age`?");
  // A position without a file points nowhere.
  d.span.begin = {1, 5};
  CHECK(format_short(d) == "error: unknown key `maxAge` in [defaults]; did you mean `max_age`?");

  const auto warning =
      diagnostic(Severity::warning, "shadowed-rule", "never wins", span("a.toml", {2, 4}));
  CHECK(format_short(warning) == "a.toml:2:4: warning: never wins");
  const auto note =
      diagnostic(Severity::note, "no-root-rule", "no rule matches `/`", span("a.toml", {}));
  CHECK(format_short(note) == "a.toml: note: no rule matches `/`");
}

TEST_CASE("count")
{
  const auto files = two_files();
  const DiagnosticCounts counts = count(files[0].diagnostics);
  CHECK(counts.errors == 2);
  CHECK(counts.warnings == 1);
  CHECK(counts.notes == 1);
  const DiagnosticCounts none = count(files[1].diagnostics);
  CHECK(none.errors == 0);
  CHECK(none.warnings == 0);
  CHECK(none.notes == 0);
}

TEST_CASE("text: several files")
{
  CHECK(
      text_of(two_files()) ==
      R"(cache.toml:12:1: error[unknown-key]: unknown key `maxAge` in [routes."/blog/[id]"]; did you mean `max_age`?
   |
12 | maxAge = 300
   | ^^^^^^ help: `max_age`
cache.toml:9:9: error[duplicate-pattern]: pattern "/blog/[id]" matches the same URLs as "/blog/[slug]"
  |
9 | [routes."/blog/[id]"]
  |         ^^^^^^^^^^^^
cache.toml:6:9: note: first defined here
  |
6 | [routes."/blog/[slug]"]
  |         ^^^^^^^^^^^^^^
cache.toml:4:1: warning[stale-without-max-age]: `swr` without `max_age`
  |
4 | swr = 30
  | ^^^^^^^^
cache.toml: note[no-catch-all]: some URLs match no rule
2 errors, 1 warning, 1 note in 2 files
)");
}

TEST_CASE("text: the gutter fits the largest line number of a diagnostic")
{
  std::string text;
  for (int i = 1; i <= 12; ++i) {
    text += "key" + std::to_string(i) + " = 1\n";
  }
  FileDiagnostics file{"a.toml", text, {}};
  file.diagnostics = {
      diagnostic(Severity::error,
                 "duplicate-pattern",
                 "same as line 4",
                 span("a.toml", {12, 1}, {12, 6}),
                 {RelatedSpan{span("a.toml", {4, 1}, {4, 5}), "first defined here"}})};
  CHECK(text_of({file}) == R"(a.toml:12:1: error[duplicate-pattern]: same as line 4
   |
12 | key12 = 1
   | ^^^^^
a.toml:4:1: note: first defined here
   |
 4 | key4 = 1
   | ^^^^
1 error in 1 file
)");
}

TEST_CASE("text: related spans in another file quote that file")
{
  FileDiagnostics a{"a.toml", "x = 1\n", {}};
  FileDiagnostics b{"b.toml", "y = 2\nx = 1\n", {}};
  a.diagnostics = {
      diagnostic(Severity::warning,
                 "shadowed-rule",
                 "never wins",
                 span("a.toml", {1, 1}, {1, 2}),
                 {RelatedSpan{span("b.toml", {2, 1}, {2, 6}), "this rule wins"},
                  RelatedSpan{span("c.toml", {7, 1}, {7, 2}), "a file without text"}})};
  CHECK(text_of({a, b}) == R"(a.toml:1:1: warning[shadowed-rule]: never wins
  |
1 | x = 1
  | ^
b.toml:2:1: note: this rule wins
  |
2 | x = 1
  | ^^^^^
c.toml:7:1: note: a file without text
1 warning in 2 files
)");
}

TEST_CASE("text: summary line")
{
  CHECK(text_of({}) == "no problems in 0 files\n");
  CHECK(text_of({FileDiagnostics{"a.toml", "version = 1\n", {}}}) == "no problems in 1 file\n");
  FileDiagnostics warnings{"a.toml", "", {}};
  for (int i = 0; i < 3; ++i) {
    warnings.diagnostics.push_back(
        diagnostic(Severity::warning, "shadowed-rule", "never wins", span("a.toml", {})));
  }
  FileDiagnostics note{"b.toml", "", {}};
  note.diagnostics = {
      diagnostic(Severity::note, "no-root-rule", "no rule matches `/`", span("b.toml", {}))};
  CHECK(text_of({warnings, note}) == R"(a.toml: warning[shadowed-rule]: never wins
a.toml: warning[shadowed-rule]: never wins
a.toml: warning[shadowed-rule]: never wins
b.toml: note[no-root-rule]: no rule matches `/`
3 warnings, 1 note in 2 files
)");
  FileDiagnostics error{"c.toml", "", {}};
  error.diagnostics = {
      diagnostic(Severity::error, "read-error", "cannot read", span("c.toml", {}))};
  CHECK(text_of({error, FileDiagnostics{"d.toml", "", {}}}) ==
        "c.toml: error[read-error]: cannot read\n1 error in 2 files\n");
}

TEST_CASE("text: unknown positions print only the header")
{
  FileDiagnostics file{"a.toml", "version = 1\n", {}};
  file.diagnostics = {
      // No position.
      diagnostic(Severity::error, "missing-version", "no version", span("a.toml", {})),
      // A line the file does not have.
      diagnostic(Severity::error, "toml-syntax", "past the end", span("a.toml", {9, 1})),
      // Without a code.
      diagnostic(Severity::note, "", "plain note", span("a.toml", {})),
  };
  CHECK(text_of({file}) == R"(a.toml: error[missing-version]: no version
a.toml:9:1: error[toml-syntax]: past the end
a.toml: note: plain note
2 errors, 1 note in 1 file
)");

  // No file at all: a position without a file is left out.
  FileDiagnostics anonymous{"", "", {}};
  anonymous.diagnostics = {
      diagnostic(Severity::error, "invalid-value", "from the command line", span("", {1, 3}))};
  CHECK(text_of({anonymous}) == "error[invalid-value]: from the command line\n1 error in 1 file\n");

  // The text is empty (the file could not be read): only headers, and the suggestion as help.
  FileDiagnostics unread{"b.toml", "", {}};
  unread.diagnostics = {diagnostic(Severity::error,
                                   "unknown-key",
                                   "unknown key `maxAge`",
                                   span("b.toml", {3, 1}, {3, 7}),
                                   {},
                                   "max_age")};
  CHECK(text_of({unread}) == R"(b.toml:3:1: error[unknown-key]: unknown key `maxAge`
  = help: `max_age`
1 error in 1 file
)");
}

TEST_CASE("text: a span without a file belongs to the file reported on")
{
  FileDiagnostics file{"a.toml", "version = 2\n", {}};
  file.diagnostics = {diagnostic(
      Severity::error, "unsupported-version", "unsupported version 2", span("", {1, 11}, {1, 12}))};
  CHECK(text_of({file}) == R"(a.toml:1:11: error[unsupported-version]: unsupported version 2
  |
1 | version = 2
  |           ^
1 error in 1 file
)");
}

TEST_CASE("text: carets")
{
  SUBCASE("a point gets one caret")
  {
    CHECK(text_of(one_line("max_age = -1", 11, 11)) == R"(a.toml:1:11: error[invalid-value]: bad
  |
1 | max_age = -1
  |           ^
1 error in 1 file
)");
  }
  SUBCASE("an unknown end underlines to the end of the line")
  {
    CHECK(text_of(one_line("max_age = -1\n", 1, 0)) == R"(a.toml:1:1: error[invalid-value]: bad
  |
1 | max_age = -1
  | ^^^^^^^^^^^^
1 error in 1 file
)");
  }
  SUBCASE("an end on another line underlines to the end of the line")
  {
    FileDiagnostics file{"a.toml", "tags = [\n  \"a\",\n]\n", {}};
    file.diagnostics = {
        diagnostic(Severity::error, "wrong-type", "bad", span("a.toml", {1, 8}, {3, 2}))};
    CHECK(text_of({file}) == R"(a.toml:1:8: error[wrong-type]: bad
  |
1 | tags = [
  |        ^
1 error in 1 file
)");
  }
  SUBCASE("a position at the end of the line")
  {
    CHECK(text_of(one_line("swr = ", 7, 7)) == "a.toml:1:7: error[invalid-value]: bad\n"
                                               "  |\n"
                                               "1 | swr = \n"
                                               "  |       ^\n"
                                               "1 error in 1 file\n");
  }
  SUBCASE("an empty line")
  {
    FileDiagnostics file{"a.toml", "x = 1\n\n", {}};
    file.diagnostics = {diagnostic(
        Severity::error, "toml-syntax", "expected a key", span("a.toml", {2, 1}, {2, 1}))};
    CHECK(text_of({file}) == R"(a.toml:2:1: error[toml-syntax]: expected a key
  |
2 |
  | ^
1 error in 1 file
)");
  }
  SUBCASE("an unknown column underlines the line")
  {
    CHECK(text_of(one_line("x = 1", 0, 0)) == R"(a.toml:1: error[invalid-value]: bad
  |
1 | x = 1
  | ^^^^^
1 error in 1 file
)");
  }
  SUBCASE("CRLF line breaks")
  {
    FileDiagnostics file{"a.toml", "x = 1\r\ny = 2\r\n", {}};
    file.diagnostics = {
        diagnostic(Severity::error, "invalid-value", "bad", span("a.toml", {2, 5}, {0, 0}))};
    CHECK(text_of({file}) == R"(a.toml:2:5: error[invalid-value]: bad
  |
2 | y = 2
  |     ^
1 error in 1 file
)");
  }
}

TEST_CASE("text: tabs expand to multiples of 4 and carets follow")
{
  // "\tmax_age\t= 1": `max_age` is at bytes 2..8, displayed at columns 5..11.
  CHECK(text_of(one_line("\tmax_age\t= 1", 2, 9)) == R"(a.toml:1:2: error[invalid-value]: bad
  |
1 |     max_age = 1
  |     ^^^^^^^
1 error in 1 file
)");
  // A span on a tab underlines all the columns the tab takes.
  CHECK(text_of(one_line("a\tb", 2, 3)) == R"(a.toml:1:2: error[invalid-value]: bad
  |
1 | a   b
  |  ^^^
1 error in 1 file
)");
  CHECK(text_of(one_line("ab\t\tc", 3, 5)) == R"(a.toml:1:3: error[invalid-value]: bad
  |
1 | ab      c
  |   ^^^^^^
1 error in 1 file
)");
}

TEST_CASE("text: a UTF-8 character takes one column")
{
  // `tags = ["café", "☕"]`: é is 2 bytes, ☕ is 3 bytes.
  const std::string line = "tags = [\"caf\xC3\xA9\", \"\xE2\x98\x95\", x]";
  const auto column = [&](std::string_view needle) {
    return static_cast<std::uint32_t>(line.find(needle) + 1);
  };
  CHECK(text_of(one_line(line, column("x]"), column("x]") + 1)) ==
        "a.toml:1:25: error[invalid-value]: bad\n"
        "  |\n"
        "1 | tags = [\"caf\xC3\xA9\", \"\xE2\x98\x95\", x]\n"
        "  |                      ^\n"
        "1 error in 1 file\n");
  // Spanning "café" (6 bytes) underlines 4 columns.
  CHECK(text_of(one_line(line, column("caf"), column("caf") + 5)) ==
        "a.toml:1:10: error[invalid-value]: bad\n"
        "  |\n"
        "1 | tags = [\"caf\xC3\xA9\", \"\xE2\x98\x95\", x]\n"
        "  |          ^^^^\n"
        "1 error in 1 file\n");
  // A 4-byte character (🚀) and a tab after it.
  CHECK(text_of(one_line("\xF0\x9F\x9A\x80\tx", 6, 7)) == "a.toml:1:6: error[invalid-value]: bad\n"
                                                          "  |\n"
                                                          "1 | \xF0\x9F\x9A\x80   x\n"
                                                          "  |     ^\n"
                                                          "1 error in 1 file\n");
}

TEST_CASE("text: control characters are shown as U+FFFD")
{
  CHECK(text_of(one_line("a\x1b[31mb", 1, 2)) == "a.toml:1:1: error[invalid-value]: bad\n"
                                                 "  |\n"
                                                 "1 | a\xEF\xBF\xBD[31mb\n"
                                                 "  | ^\n"
                                                 "1 error in 1 file\n");
}

TEST_CASE("text: C1 controls, bidi overrides, invisible characters and stray bytes are U+FFFD")
{
  // The 8-bit CSI (U+009B), RIGHT-TO-LEFT OVERRIDE (U+202E), a first-strong isolate (U+2068),
  // a zero-width space (U+200B) and a stray 0x9B byte: each character keeps its one cell, so the
  // carets under `x` still line up; the stray byte has no cell and is dropped.
  const std::string line = "a\xC2\x9B"
                           "1m\xE2\x80\xAE"
                           "b\xE2\x81\xA8\xE2\x80\x8B\x9Bx";
  const auto x = static_cast<std::uint32_t>(line.find('x') + 1);
  CHECK(text_of(one_line(line, x, x + 1)) == "a.toml:1:" + std::to_string(x) +
                                                 ": error[invalid-value]: bad\n"
                                                 "  |\n"
                                                 "1 | a\xEF\xBF\xBD"
                                                 "1m\xEF\xBF\xBD"
                                                 "b\xEF\xBF\xBD\xEF\xBF\xBDx\n"
                                                 "  |         ^\n"
                                                 "1 error in 1 file\n");
}

TEST_CASE("text: messages and suggestions never carry a control or bidi character raw")
{
  FileDiagnostics file{"a.toml", "x", {}};
  Diagnostic d = diagnostic(Severity::error,
                            "toml-syntax",
                            "saw '\xC2\x9B' and '\xE2\x80\xAE' and '\x1B'",
                            span("a.toml", {1, 1}, {1, 2}));
  d.suggestion = "k\xE2\x81\xA6"
                 "ey";
  file.diagnostics = {d};
  const std::string text = text_of({file});
  CHECK(text.find("saw '\\u{009B}' and '\\u{202E}' and '\\x1B'") != std::string::npos);
  CHECK(text.find("help: `k\\u{2066}ey`") != std::string::npos);
  CHECK(format_short(d) == "a.toml:1:1: error: saw '\\u{009B}' and '\\u{202E}' and '\\x1B'");
}

TEST_CASE("text: long lines are cut around the span")
{
  const auto expected = [](std::string shown, std::size_t indent, std::size_t carets, int column) {
    return "a.toml:1:" + std::to_string(column) + ": error[invalid-value]: bad\n  |\n1 | " + shown +
           "\n  | " + std::string(indent, ' ') + std::string(carets, '^') + "\n1 error in 1 file\n";
  };
  SUBCASE("a line of 120 columns is not cut")
  {
    const std::string line = std::string(117, 'a') + "KEY";
    CHECK(text_of(one_line(line, 118, 121)) == expected(line, 117, 3, 118));
  }
  SUBCASE("span near the start: cut at the end")
  {
    const std::string line = std::string(100, 'a') + "KEY" + std::string(97, 'b');
    CHECK(text_of(one_line(line, 101, 104)) ==
          expected(std::string(100, 'a') + "KEY" + std::string(14, 'b') + "...", 100, 3, 101));
  }
  SUBCASE("span near the end: cut at the start")
  {
    const std::string line = std::string(190, 'a') + "KEY" + std::string(7, 'b');
    CHECK(text_of(one_line(line, 191, 194)) ==
          expected("..." + std::string(107, 'a') + "KEY" + std::string(7, 'b'), 110, 3, 191));
  }
  SUBCASE("span in the middle: cut at both ends")
  {
    const std::string line = std::string(150, 'a') + "KEY" + std::string(147, 'b');
    CHECK(
        text_of(one_line(line, 151, 154)) ==
        expected("..." + std::string(20, 'a') + "KEY" + std::string(91, 'b') + "...", 23, 3, 151));
  }
  SUBCASE("a span longer than the window is underlined to the cut")
  {
    const std::string line = std::string(130, 'x');
    CHECK(text_of(one_line(line, 1, 0)) == expected(std::string(117, 'x') + "...", 0, 117, 1));
  }
  SUBCASE("tabs count as the columns they take")
  {
    // 30 tabs take 120 columns; with "KEY" the line is 123 columns wide.
    const std::string line = std::string(30, '\t') + "KEY";
    CHECK(text_of(one_line(line, 31, 34)) ==
          expected("..." + std::string(114, ' ') + "KEY", 117, 3, 31));
  }
  SUBCASE("UTF-8 characters count as one column")
  {
    std::string line;
    for (int i = 0; i < 150; ++i) {
      line += "\xC3\xA9";
    }
    line += "KEY";
    std::string shown = "...";
    for (int i = 0; i < 114; ++i) {
      shown += "\xC3\xA9";
    }
    CHECK(text_of(one_line(line, 301, 304)) == expected(shown + "KEY", 117, 3, 301));
  }
}

TEST_CASE("text: many spans on one long line, far into it")
{
  // 5,000 characters in periods of six ☕ (3 bytes, 1 column) and a tab (2 columns here): 19 bytes
  // and 8 columns per period, so bytes and columns drift apart. Every diagnostic quotes the same
  // line (indexed once) and gets the window around its own span.
  std::string line;
  for (int i = 0; i < 5000; ++i) {
    line += i % 7 == 6 ? "\t" : "\xE2\x98\x95";
  }
  const auto key = static_cast<std::uint32_t>(line.size() + 1);
  line += "KEY\xE2\x98\x95x";
  const auto coffee = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += "\xE2\x98\x95";
    }
    return out;
  };
  std::string periods;
  for (int i = 0; i < 13; ++i) {
    periods += coffee(6) + "  ";
  }
  FileDiagnostics file{"a.toml", line + "\n", {}};
  // KEY (column 5,714 of 5,719) three times, then the ☕ at character 2,101 (period 300, byte
  // column 5,704, display column 2,401).
  for (const std::uint32_t begin : {key, key, key, 5704U}) {
    file.diagnostics.push_back(diagnostic(
        Severity::error, "invalid-value", "bad", span("a.toml", {1, begin}, {1, begin + 3})));
  }
  const std::string at_key =
      "a.toml:1:" + std::to_string(key) + ": error[invalid-value]: bad\n  |\n1 | ..." + coffee(4) +
      "  " + periods + coffee(2) + "KEY\xE2\x98\x95x\n  | " + std::string(115, ' ') + "^^^\n";
  const std::string in_middle = "a.toml:1:5704: error[invalid-value]: bad\n  |\n1 | ..." +
                                coffee(1) + "  " + periods + coffee(6) + " ...\n  | " +
                                std::string(23, ' ') + "^\n";
  CHECK(text_of({file}) == at_key + at_key + at_key + in_middle + "4 errors in 1 file\n");
}

TEST_CASE("text: colors")
{
  FileDiagnostics file{
      "cache.toml", "# a\n# b\n# c\nmax_age = 1\n\n\n\n\n\n\n\nmaxAge = 300\n", {}};
  file.diagnostics = {
      diagnostic(Severity::error,
                 "unknown-key",
                 "unknown key `maxAge`",
                 span("cache.toml", {12, 1}, {12, 7}),
                 {RelatedSpan{span("cache.toml", {4, 1}, {4, 8}), "here"}},
                 "max_age"),
      diagnostic(Severity::warning, "shadowed-rule", "never wins", span("cache.toml", {})),
      diagnostic(Severity::note, "no-root-rule", "no root", span("", {}))};
  const std::string colored = text_of({file}, true);
  CHECK(colored == "\x1b[1mcache.toml:12:1: \x1b[0m\x1b[1;31merror[unknown-key]:\x1b[0m "
                   "\x1b[1munknown key `maxAge`\x1b[0m\n"
                   "\x1b[1;34m   |\x1b[0m\n"
                   "\x1b[1;34m12 |\x1b[0m maxAge = 300\n"
                   "\x1b[1;34m   | ^^^^^^\x1b[0m help: `max_age`\n"
                   "\x1b[1mcache.toml:4:1: \x1b[0m\x1b[1;36mnote:\x1b[0m \x1b[1mhere\x1b[0m\n"
                   "\x1b[1;34m   |\x1b[0m\n"
                   "\x1b[1;34m 4 |\x1b[0m max_age = 1\n"
                   "\x1b[1;34m   | ^^^^^^^\x1b[0m\n"
                   "\x1b[1mcache.toml: \x1b[0m\x1b[1;33mwarning[shadowed-rule]:\x1b[0m "
                   "\x1b[1mnever wins\x1b[0m\n"
                   "\x1b[1mcache.toml: \x1b[0m\x1b[1;36mnote[no-root-rule]:\x1b[0m "
                   "\x1b[1mno root\x1b[0m\n"
                   "1 error, 1 warning, 1 note in 1 file\n");
  const std::string plain = text_of({file}, false);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(strip_escapes(colored) == plain);
  CHECK(strip_escapes(text_of(two_files(), true)) == text_of(two_files(), false));

  FileDiagnostics unread{"b.toml", "", {}};
  unread.diagnostics = {diagnostic(
      Severity::error, "unknown-key", "unknown", span("b.toml", {3, 1}, {3, 7}), {}, "max_age")};
  CHECK(text_of({unread}, true) ==
        "\x1b[1mb.toml:3:1: \x1b[0m\x1b[1;31merror[unknown-key]:\x1b[0m \x1b[1munknown\x1b[0m\n"
        "\x1b[1;34m  =\x1b[0m help: `max_age`\n"
        "1 error in 1 file\n");
  CHECK(strip_escapes(text_of({unread}, true)) == text_of({unread}, false));
}

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

TEST_CASE("text: a literal-secret diagnostic never quotes its line")
{
  FileDiagnostics file{
      "c.toml",
      "version = 1\n[providers.http]\ntoken_env = \"sk_live_abcdefghijklmnop1234\"\n",
      {}};
  file.diagnostics = {diagnostic(Severity::error,
                                 "literal-secret",
                                 "`token_env` holds what looks like a token",
                                 span("c.toml", {3, 1}, {3, 10}))};
  const std::string text = text_of({file});
  CHECK(text == "c.toml:3:1: error[literal-secret]: `token_env` holds what looks like a token\n1 "
                "error in 1 file\n");
  CHECK(text.find("sk_live") == std::string::npos);
}

TEST_CASE("text: quoted source lines mask values that look like secrets")
{
  FileDiagnostics file{"d.toml",
                       "version = 1\n"
                       "headers = { Authorization = \"Bearer S3cr3tBearerT0kenAAAA\" }\n"
                       "password = \"hunter2-unterminated\n"
                       "url = \"https://deploy:S3cr3tPw@purge.example.com/hook\"\n"
                       "name = \"plain\"\n",
                       {}};
  file.diagnostics = {
      diagnostic(
          Severity::error, "unknown-key", "unknown key `headers`", span("d.toml", {2, 1}, {2, 8})),
      diagnostic(Severity::error, "toml-syntax", "unterminated string", span("d.toml", {3, 32})),
      diagnostic(Severity::error, "invalid-value", "bad url", span("d.toml", {4, 7}, {4, 55})),
      diagnostic(Severity::error, "invalid-value", "bad name", span("d.toml", {5, 8}, {5, 15}))};
  const std::string text = text_of({file});
  CHECK(text.find("S3cr3t") == std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);
  const std::string masked = "headers = { Authorization = \"" +
                             std::string(std::string("Bearer S3cr3tBearerT0kenAAAA").size(), '*') +
                             "\" }";
  CHECK(text.find(masked) != std::string::npos);
  CHECK(text.find("name = \"plain\"") != std::string::npos); // ordinary values stay readable
}
