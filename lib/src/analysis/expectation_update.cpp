#include "analysis/toml_text.hpp"

#include <cachectl/analysis/expectation_update.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl {

namespace {

// One replacement of bytes [begin, end) of the text.
struct Edit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;
};

// The whole line holding `[begin, end)` when nothing but one `key = value` (and a comment) is
// written on it; nullopt otherwise (the value is inside an inline table or array, or shares its
// line with something else).
std::optional<Edit>
line_removal(std::string_view text, std::size_t begin, std::size_t end)
{
  const std::size_t line_start = text.rfind('\n', begin == 0 ? 0 : begin - 1);
  const std::size_t from = line_start == std::string_view::npos || begin == 0 ? 0 : line_start + 1;
  std::size_t to = text.find('\n', end);
  to = to == std::string_view::npos ? text.size() : to + 1;
  const std::string_view before = text.substr(from, begin - from);
  if (std::count(before.begin(), before.end(), '=') != 1 ||
      before.find_first_of("{[") != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view after = text.substr(end, to - end);
  const std::size_t rest = after.find_first_not_of(" \t\r\n");
  if (rest != std::string_view::npos && after[rest] != '#') {
    return std::nullopt;
  }
  return Edit{from, to, {}};
}

} // namespace

UpdateResult
update_expectations(const ExpectationFile& file, std::span<const CaseResult> results)
{
  UpdateResult out;
  std::vector<Edit> edits;
  const std::string_view text = file.text;
  for (const CaseResult& result : results) {
    const TestCase& c = file.cases.at(result.index);
    for (const Mismatch& mismatch : result.mismatches) {
      const Expectation& e = c.expectations.at(mismatch.expectation);
      const std::size_t begin = byte_offset(text, e.place.value);
      const std::size_t end = byte_offset(text, e.place.value_end);
      const bool table = e.kind == Expectation::Kind::params;
      if (mismatch.actual &&
          (!table || (end > begin && text[begin] == '{' && text[end - 1] == '}'))) {
        edits.push_back(Edit{begin, end, *mismatch.actual});
        continue;
      }
      if (mismatch.actual) {
        out.skipped.push_back(
            fmt::format("{}:{}: `{}` is written as a table, not inline; update it by hand to {}",
                        file.file,
                        e.place.key.line,
                        e.key,
                        *mismatch.actual));
        continue;
      }
      if (auto removal = line_removal(text, begin, end)) {
        edits.push_back(std::move(*removal));
        continue;
      }
      out.skipped.push_back(fmt::format(
          "{}:{}: `{}` is no longer set; remove it by hand", file.file, e.place.key.line, e.key));
    }
  }
  std::sort(
      edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  out.text = file.text;
  std::size_t limit = out.text.size();
  for (const Edit& edit : edits) {
    if (edit.end > limit || edit.begin > edit.end) {
      continue; // overlapping edits cannot happen for distinct keys; never corrupt the file
    }
    out.text.replace(edit.begin, edit.end - edit.begin, edit.text);
    limit = edit.begin;
    ++out.changed;
  }
  return out;
}

} // namespace cachectl
