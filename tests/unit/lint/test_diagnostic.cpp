// The text renderer of diagnostics: gutters, carets, tabs, UTF-8, unsafe characters, long lines,
// colors, masked secrets.
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
