// Suppression on purpose: `allow = […]` in a rule, `# cachectl: allow(…)` comments on a rule's
// header or key lines, and `[lint] allow`. Suppressed diagnostics stay in the list, marked with
// why (Diagnostic::suppressed), so that every output format can say they were suppressed.
#include "analysis/validator.hpp"
#include "util/text.hpp"

#include <cachectl/util/suggest.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cachectl {

namespace {

// One code an allow names, with the lines it covers (0 to max: the whole file, lineless
// diagnostics included) and the justification suppressed diagnostics get.
struct Allow {
  AllowEntry entry;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool whole_file = false;
  std::string why;
  std::string scope; ///< for "suppresses nothing": `[routes."/a"]`, `line 4`, the file
  bool used = false;
};

// Where the comment of a TOML line starts (the `#` outside any string); npos when none.
std::size_t
comment_start(std::string_view line)
{
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote == 0 && c == '#') {
      return i;
    }
    if (quote == '"' && c == '\\') {
      ++i; // an escape in a basic string
    } else if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
  }
  return std::string_view::npos;
}

bool
is_space(char c)
{
  return c == ' ' || c == '\t';
}

// The codes of a `# cachectl: allow(a, b)` comment on `line` (line number `number`), each with
// its position; none when the line has no such comment.
std::vector<AllowEntry>
allow_comment(std::string_view line, std::uint32_t number)
{
  std::vector<AllowEntry> out;
  const std::size_t hash = comment_start(line);
  if (hash == std::string_view::npos) {
    return out;
  }
  std::size_t i = hash + 1;
  const auto skip_spaces = [&] {
    while (i < line.size() && is_space(line[i])) {
      ++i;
    }
  };
  const auto take = [&](std::string_view word) {
    skip_spaces();
    if (line.substr(i).starts_with(word)) {
      i += word.size();
      return true;
    }
    return false;
  };
  if (!take("cachectl:") || !take("allow") || !take("(")) {
    return out;
  }
  const std::size_t close = line.find(')', i);
  if (close == std::string_view::npos) {
    return out;
  }
  while (i < close) {
    skip_spaces();
    std::size_t end = i;
    while (end < close && line[end] != ',' && !is_space(line[end])) {
      ++end;
    }
    if (end > i) {
      const auto column = [&](std::size_t at) { return static_cast<std::uint32_t>(at + 1); };
      out.push_back(AllowEntry{std::string(line.substr(i, end - i)),
                               SourcePos{number, column(i)},
                               SourcePos{number, column(end)}});
    }
    i = end;
    skip_spaces();
    if (i < close && line[i] == ',') {
      ++i;
    }
  }
  return out;
}

} // namespace

void
Validator::apply_allows()
{
  const std::vector<std::size_t> starts = line_starts(m_text);
  std::vector<Allow> allows; // narrowest first: the justification names the closest allow
  for (const Rule& rule : m_config.rules) {
    const std::string table = fmt::format("[routes.\"{}\"]", rule.pattern.source());
    std::uint32_t last = rule.pos_end.line;
    for (const auto& [name, place] : rule.key_pos) {
      last = std::max({last, place.key.line, place.value_end.line});
    }
    // A comment on a key line covers that key; on the header line, the whole rule.
    std::set<std::uint32_t> seen{rule.pos.line};
    for (const auto& [name, place] : rule.key_pos) {
      if (!seen.insert(place.key.line).second) {
        continue;
      }
      const std::uint32_t end = std::max(place.key.line, place.value_end.line);
      for (AllowEntry& entry :
           allow_comment(line_at(m_text, starts, place.key.line), place.key.line)) {
        allows.push_back(
            Allow{std::move(entry),
                  place.key.line,
                  end,
                  false,
                  fmt::format("allowed by `# cachectl: allow(…)` on line {}", place.key.line),
                  fmt::format("line {}", place.key.line)});
      }
    }
    for (AllowEntry& entry : allow_comment(line_at(m_text, starts, rule.pos.line), rule.pos.line)) {
      allows.push_back(Allow{
          std::move(entry),
          rule.pos.line,
          last,
          false,
          fmt::format("allowed by `# cachectl: allow(…)` of {} on line {}", table, rule.pos.line),
          table});
    }
    for (const AllowEntry& entry : rule.allow) {
      allows.push_back(
          Allow{entry,
                rule.pos.line,
                last,
                false,
                fmt::format("allowed by `allow` of {} on line {}", table, entry.begin.line),
                table});
    }
  }
  for (const AllowEntry& entry : m_config.lint_allow) {
    allows.push_back(Allow{entry,
                           0,
                           0,
                           true,
                           fmt::format("allowed by [lint] allow on line {}", entry.begin.line),
                           "the file"});
  }

  std::vector<std::string> names;
  for (const DiagnosticCode& code : diagnostic_codes()) {
    names.emplace_back(code.code);
  }
  // Reported once every allow is applied, so that no allow can suppress what is said about one.
  std::vector<std::tuple<std::string, SourceSpan, std::string, std::string>> reports;
  for (Allow& allow : allows) {
    const std::string& code = allow.entry.code;
    const SourceSpan at = span(allow.entry.begin, allow.entry.end);
    const DiagnosticCode* known = find_diagnostic_code(code);
    if (known == nullptr) {
      const auto closest = closest_name(code, names);
      reports.emplace_back(
          "unknown-allow-code",
          at,
          fmt::format("`{}` is not a diagnostic code{}; it suppresses nothing",
                      code,
                      closest ? fmt::format(" (did you mean `{}`?)", *closest) : ""),
          closest.value_or(""));
      continue;
    }
    if (known->severity == Severity::error) {
      reports.emplace_back("allow-error",
                           at,
                           fmt::format("`{}` is an error, and errors cannot be suppressed: fix "
                                       "the problem instead",
                                       code),
                           "");
      continue;
    }
    for (Diagnostic& diagnostic : m_diagnostics) {
      const std::uint32_t line = diagnostic.span.begin.line;
      const bool here = (diagnostic.span.file.empty() || diagnostic.span.file == m_config.file) &&
                        (allow.whole_file || (line >= allow.first && line <= allow.last));
      if (diagnostic.code != code || !here || diagnostic.severity == Severity::error) {
        continue;
      }
      // What a narrower allow already suppressed keeps its justification; this one is used too.
      if (diagnostic.suppressed.empty()) {
        diagnostic.suppressed = allow.why;
      }
      allow.used = true;
    }
    if (!allow.used) {
      reports.emplace_back("unused-allow",
                           at,
                           fmt::format("unused allow: {} has no `{}` {} to suppress",
                                       allow.scope,
                                       code,
                                       to_string(known->severity)),
                           "");
    }
  }
  for (auto& [code, at, message, suggestion] : reports) {
    add(code, std::move(at), std::move(message), {}, std::move(suggestion));
  }
}

} // namespace cachectl
