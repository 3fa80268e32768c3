// Fixtures of the diagnostic renderer tests: diagnostics in two files, one-line files, text
// rendering without colors.
#pragma once

#include <cachectl/lint/diagnostic.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace diagnostic_fixtures {

using namespace cachectl;

inline SourceSpan
span(std::string file, SourcePos begin, SourcePos end = {})
{
  return SourceSpan{std::move(file), begin, end};
}

inline Diagnostic
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

/// cache.toml with an error with a suggestion, an error with a related span, a warning whose end
/// is unknown and a note without a position; site/clean.toml without problems.
inline std::vector<FileDiagnostics>
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

/// One file whose text is `text`, with one error on line 1 spanning the byte columns [begin, end).
inline std::vector<FileDiagnostics>
one_line(std::string text, std::uint32_t begin, std::uint32_t end)
{
  FileDiagnostics file{"a.toml", std::move(text), {}};
  file.diagnostics = {
      diagnostic(Severity::error, "invalid-value", "bad", span("a.toml", {1, begin}, {1, end}))};
  return {file};
}

inline std::string
text_of(const std::vector<FileDiagnostics>& files, bool color = false)
{
  return render_text(files, RenderOptions{.color = color, .tool_version = "0.0"});
}

/// `text` without ANSI escape sequences.
inline std::string
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

} // namespace diagnostic_fixtures
