// Checks of each pattern on its own: embedded rests, dot segments, `?`/`#`, the base, trailing
// slash.
#include "analysis/tag_text.hpp"
#include "analysis/validator.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/foreign_syntax.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <tuple>

namespace cachectl {

// Pattern checks that need only the pattern itself.
void
Validator::check_patterns()
{
  std::string base = m_config.base;
  if (base.ends_with('/')) {
    base.pop_back();
  }
  for (const Rule& rule : m_config.rules) {
    const Pattern& p = rule.pattern;
    if (p.has_embedded_rest()) {
      add("embedded-rest",
          rule_span(rule),
          fmt::format(
              "`{}` mixes a rest parameter with text in one segment; it may match several "
              "segments (e.g. `{}`)",
              p.source(),
              request_path(
                  automaton(static_cast<std::size_t>(&rule - m_config.rules.data())).example())));
    }
    for (const auto& segment : p.segments()) {
      if (is_static(segment)) {
        const std::string text = segment_signature(segment);
        if (text == "." || text == "..") {
          add("pattern-never-matches",
              rule_span(rule),
              fmt::format("`{}` can never match: URLs are normalized before matching, so no path "
                          "contains a `{}` segment",
                          p.source(),
                          text));
        }
      }
    }
    check_trailing_slash(rule);
    if (check_foreign_syntax(rule)) {
      continue; // the translation comes first; `?` of `:name?` is no query
    }
    if (p.source().find_first_of("?#") != std::string::npos) {
      add("query-in-pattern",
          rule_span(rule),
          fmt::format("`{}` contains `{}`, which starts the {} of a URL; the pattern only matches "
                      "paths with a literal `{}`",
                      p.source(),
                      p.source().find('?') != std::string::npos ? '?' : '#',
                      p.source().find('?') != std::string::npos ? "query" : "fragment",
                      p.source().find('?') != std::string::npos ? "%3F" : "%23"));
    }
    if (!base.empty() && (p.source() == base || p.source().starts_with(base + "/"))) {
      add("pattern-includes-base",
          rule_span(rule),
          fmt::format("`{}` starts with the base `{}`; patterns are relative to the base, so it "
                      "matches `{}{}`",
                      p.source(),
                      base,
                      base,
                      p.source()),
          {},
          p.source() == base ? "/" : p.source().substr(base.size()));
    }
  }
}

// Patterns that the trailing-slash mode serves differently from how they are written.
void
Validator::check_trailing_slash(const Rule& rule)
{
  static const RE2 file_like(R"(.*\.[A-Za-z0-9]{1,8})");
  const Pattern& p = rule.pattern;
  if (p.segments().empty()) {
    return;
  }
  const PatternSegment& last = p.segments().back();
  const bool static_last = is_static(last) || last.back().kind == PatternPart::Kind::text;
  if (m_config.trailing_slash == TrailingSlash::always && static_last &&
      RE2::FullMatch(last.back().text, file_like)) {
    const std::string example = automaton(index_of(rule)).example(); // ends in `/`
    add("trailing-slash-mismatch",
        rule_span(rule),
        fmt::format("with trailing_slash = \"always\", `{}` only matches `{}`: file URLs such as "
                    "`{}` have no trailing slash and match no rule",
                    p.source(),
                    request_path(example),
                    request_path(example.substr(0, example.size() - 1))));
  }
  if (m_config.trailing_slash == TrailingSlash::never && p.source().size() > 1 &&
      p.source().back() == '/') {
    std::string plain = p.source();
    while (plain.size() > 1 && plain.back() == '/') {
      plain.pop_back();
    }
    add("trailing-slash-mismatch",
        rule_span(rule),
        fmt::format("with trailing_slash = \"never\", `{}` matches only URLs without the trailing "
                    "slash (patterns ignore their own); write it as `{}`",
                    p.source(),
                    plain),
        {},
        plain);
  }
}

// Globs, `:name` parameters and regex groups of other tools: Astro reads them as literal text.
bool
Validator::check_foreign_syntax(const Rule& rule)
{
  const std::string& source = rule.pattern.source();
  const std::vector<ForeignSyntax> found = find_foreign_syntax(source);
  if (found.empty()) {
    return false;
  }
  const std::string astro = translate_foreign_syntax(source, found);
  // The key's column of pattern column 1: after the quote of a quoted key, at a bare one; a key
  // with escapes (its length differs) is pointed at as a whole.
  const std::uint32_t key_length = rule.pos_end.column - rule.pos.column;
  const std::size_t offset = key_length == source.size() + 2 ? 1
                             : key_length == source.size()   ? 0
                                                             : std::string::npos;
  for (const ForeignSyntax& construct : found) {
    SourceSpan at = rule_span(rule);
    if (offset != std::string::npos && rule.pos.line == rule.pos_end.line) {
      const auto column =
          static_cast<std::uint32_t>(rule.pos.column + offset + construct.column - 1);
      at = span({rule.pos.line, column},
                {rule.pos.line, column + static_cast<std::uint32_t>(construct.text.size())});
    }
    const std::string_view code = construct.kind == ForeignSyntax::Kind::glob ? "glob-in-pattern"
                                  : construct.kind == ForeignSyntax::Kind::colon_param
                                      ? "colon-param-in-pattern"
                                      : "regex-in-pattern";
    const std::string_view what = construct.kind == ForeignSyntax::Kind::glob ? "a glob"
                                  : construct.kind == ForeignSyntax::Kind::colon_param
                                      ? "a `:name` parameter (path-to-regexp)"
                                      : "a regular-expression group";
    add(code,
        at,
        fmt::format("`{}` in `{}` is {} of another tool; Astro patterns read it as literal text, "
                    "so it matches nothing you meant: write `{}`{}",
                    construct.text,
                    source,
                    what,
                    astro,
                    construct.note.empty() ? "" : fmt::format(" ({})", construct.note)),
        {},
        construct.replacement);
  }
  return true;
}

} // namespace cachectl
