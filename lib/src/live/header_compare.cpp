#include "util/text.hpp"

#include <cachectl/live/header_compare.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

namespace {

// The values of `name` in a HeaderSet joined by `, `; nullopt when it has none.
std::optional<std::string>
expected_value(const HeaderSet& set, std::string_view name)
{
  std::optional<std::string> value;
  for (const Header& header : set.headers) {
    if (ascii_lower(header.name) == ascii_lower(name)) {
      value = value ? *value + ", " + header.value : header.value;
    }
  }
  return value;
}

// The header names of `set` in order, each once.
std::vector<std::string>
names_of(const HeaderSet& set)
{
  std::vector<std::string> names;
  for (const Header& header : set.headers) {
    if (std::none_of(names.begin(), names.end(), [&](const std::string& n) {
          return ascii_lower(n) == ascii_lower(header.name);
        })) {
      names.push_back(header.name);
    }
  }
  return names;
}

// True for the headers whose value is a list of cache directives.
bool
is_directive_header(std::string_view name)
{
  const std::string lower = ascii_lower(name);
  return lower == "cache-control" || lower.ends_with("cdn-cache-control") ||
         lower == "surrogate-control";
}

// `directive` as written back (`max-age=60`, `public`).
std::string
directive_text(const std::pair<std::string, std::string>& d)
{
  return d.second.empty() ? d.first : fmt::format("{}={}", d.first, d.second);
}

// What differs between two directive lists (as sets); empty when they agree.
std::string
directive_difference(std::string_view expected, std::string_view got)
{
  auto want = parse_directives(expected);
  auto have = parse_directives(got);
  std::sort(want.begin(), want.end());
  std::sort(have.begin(), have.end());
  std::vector<std::string> notes;
  for (const auto& d : want) {
    if (!std::binary_search(have.begin(), have.end(), d)) {
      notes.push_back(fmt::format("{} missing", directive_text(d)));
    }
  }
  for (const auto& d : have) {
    if (!std::binary_search(want.begin(), want.end(), d)) {
      notes.push_back(fmt::format("{} not configured", directive_text(d)));
    }
  }
  std::string text;
  for (const auto& note : notes) {
    text += (text.empty() ? "directive " : ", directive ") + note;
  }
  return text;
}

// The diff of header `name`, or nullopt when `got` carries it as `expected` says.
std::optional<HeaderDiff>
diff_of(std::string_view name,
        const std::string& expected,
        const ResponseHeaders& got,
        bool as_directives)
{
  const std::optional<std::string> value = joined_header(got, name);
  if (!value) {
    return HeaderDiff{std::string(name), expected, "", true, "missing"};
  }
  if (as_directives) {
    std::string detail = directive_difference(expected, *value);
    if (detail.empty()) {
      return std::nullopt;
    }
    return HeaderDiff{std::string(name), expected, *value, false, std::move(detail)};
  }
  if (*value == expected) {
    return std::nullopt;
  }
  return HeaderDiff{std::string(name), expected, *value, false, ""};
}

} // namespace

std::optional<std::string>
joined_header(const ResponseHeaders& headers, std::string_view name)
{
  const std::string lower = ascii_lower(name);
  std::optional<std::string> value;
  for (const auto& [key, field] : headers) {
    if (ascii_lower(key) == lower) {
      value = value ? *value + ", " + field : field;
    }
  }
  return value;
}

std::vector<std::pair<std::string, std::string>>
parse_directives(std::string_view value)
{
  std::vector<std::pair<std::string, std::string>> directives;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && quoted && value[i] == '\\') {
      ++i;
      continue;
    }
    if (i < value.size() && value[i] == '"') {
      quoted = !quoted;
      continue;
    }
    if (i < value.size() && (quoted || value[i] != ',')) {
      continue;
    }
    const std::string_view item = trim_ows(value.substr(start, i - start));
    start = i + 1;
    if (item.empty()) {
      continue;
    }
    const std::size_t eq = item.find('=');
    std::string name = ascii_lower(trim_ows(item.substr(0, eq)));
    std::string argument =
        eq == std::string_view::npos ? std::string() : std::string(trim_ows(item.substr(eq + 1)));
    if (argument.size() >= 2 && argument.front() == '"' && argument.back() == '"') {
      argument = argument.substr(1, argument.size() - 2);
    }
    directives.emplace_back(std::move(name), std::move(argument));
  }
  return directives;
}

std::vector<HeaderDiff>
compare_origin(const HeaderSet& expected, const ResponseHeaders& got)
{
  std::vector<HeaderDiff> diffs;
  for (const std::string& name : names_of(expected)) {
    if (auto diff =
            diff_of(name, *expected_value(expected, name), got, is_directive_header(name))) {
      diffs.push_back(std::move(*diff));
    }
  }
  return diffs;
}

std::vector<HeaderDiff>
compare_edge(const HeaderSet& expected, const ResponseHeaders& got)
{
  std::vector<HeaderDiff> diffs;
  if (const auto cache_control = expected_value(expected, "Cache-Control")) {
    if (auto diff = diff_of("Cache-Control", *cache_control, got, true)) {
      diffs.push_back(std::move(*diff));
    }
  }
  if (const auto vary = expected_value(expected, "Vary")) {
    const std::optional<std::string> have = joined_header(got, "Vary");
    std::vector<std::string> members;
    for (const auto& [member, unused] : parse_directives(have.value_or(""))) {
      members.push_back(member);
    }
    std::string missing;
    for (const auto& [member, unused] : parse_directives(*vary)) {
      if (std::find(members.begin(), members.end(), member) == members.end() &&
          std::find(members.begin(), members.end(), "*") == members.end()) {
        missing += (missing.empty() ? "" : ", ") + member;
      }
    }
    if (!missing.empty()) {
      diffs.push_back(HeaderDiff{"Vary",
                                 *vary,
                                 have.value_or(""),
                                 !have,
                                 have ? fmt::format("{} missing", missing) : "missing"});
    }
  }
  if (const auto etag = expected_value(expected, "ETag")) {
    const std::optional<std::string> have = joined_header(got, "ETag");
    if (!have || (*have != *etag && *have != "W/" + *etag)) {
      diffs.push_back(HeaderDiff{"ETag", *etag, have.value_or(""), !have, have ? "" : "missing"});
    }
  }
  if (const auto last_modified = expected_value(expected, "Last-Modified")) {
    if (auto diff = diff_of("Last-Modified", *last_modified, got, false)) {
      diffs.push_back(std::move(*diff));
    }
  }
  return diffs;
}

} // namespace cachectl
