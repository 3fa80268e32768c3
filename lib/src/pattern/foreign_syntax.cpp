#include <cachectl/pattern/foreign_syntax.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cachectl {

namespace {

// The end of the `/`-separated segment of `source` that contains `at`.
std::size_t
segment_end(std::string_view source, std::size_t at)
{
  const std::size_t slash = source.find('/', at);
  return slash == std::string_view::npos ? source.size() : slash;
}

// True when the segment holding `at` is the pattern's last non-empty one.
bool
in_last_segment(std::string_view source, std::size_t at)
{
  const std::size_t end = segment_end(source, at);
  return source.find_first_not_of('/', end) == std::string_view::npos;
}

// True when the segment holding [at, at + length) holds nothing else.
bool
whole_segment(std::string_view source, std::size_t at, std::size_t length)
{
  return (at == 0 || source[at - 1] == '/') && at + length == segment_end(source, at);
}

// A parameter name not used by `source` yet: `base`, `base2`, ...
std::string
fresh_name(std::string_view source, std::string_view base, std::vector<std::string>& taken)
{
  for (int i = 1;; ++i) {
    std::string name = i == 1 ? std::string(base) : fmt::format("{}{}", base, i);
    if (source.find("[" + name + "]") == std::string_view::npos &&
        source.find("[..." + name + "]") == std::string_view::npos &&
        source.find(":" + name) == std::string_view::npos &&
        std::find(taken.begin(), taken.end(), name) == taken.end()) {
      taken.push_back(name);
      return name;
    }
  }
}

// The index just past the `)` closing the group opened at `open`; npos when unclosed.
std::size_t
group_end(std::string_view source, std::size_t open)
{
  int depth = 0;
  for (std::size_t i = open; i < source.size(); ++i) {
    if (source[i] == '\\') {
      ++i;
    } else if (source[i] == '(') {
      ++depth;
    } else if (source[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// True for a regular expression that matches anything, across `/` (`.*`, `.+`).
bool
matches_anything(std::string_view group)
{
  return group == "(.*)" || group == "(.+)" || group == "(.*?)" || group == "(.+?)";
}

} // namespace

std::vector<ForeignSyntax>
find_foreign_syntax(std::string_view source)
{
  std::vector<ForeignSyntax> out;
  std::vector<std::string> taken;
  std::size_t i = 0;
  while (i < source.size()) {
    const char c = source[i];
    if (c == '[') { // an Astro parameter: not foreign
      const std::size_t close = source.find(']', i);
      i = close == std::string_view::npos ? source.size() : close + 1;
      continue;
    }
    const bool last = in_last_segment(source, i);
    if (c == ':' && (i == 0 || source[i - 1] == '/') && i + 1 < source.size() &&
        (std::isalpha(static_cast<unsigned char>(source[i + 1])) != 0 || source[i + 1] == '_')) {
      std::size_t end = i + 1;
      while (end < source.size() &&
             (std::isalnum(static_cast<unsigned char>(source[end])) != 0 || source[end] == '_')) {
        ++end;
      }
      const std::string name(source.substr(i + 1, end - i - 1));
      std::string note;
      if (end < source.size() && source[end] == '(') {
        const std::size_t close = group_end(source, end);
        if (close != std::string_view::npos) {
          note = fmt::format("Astro patterns have no regular expressions: the constraint `{}` "
                             "is dropped",
                             source.substr(end, close - end));
          end = close;
        }
      }
      const char modifier = end < source.size() ? source[end] : '\0';
      std::string replacement = "[" + name + "]";
      if (modifier == '*' || modifier == '+' || modifier == '?') {
        ++end;
        replacement = "[..." + name + "]";
        const std::string_view differs =
            modifier == '+' ? "it also matches no segment at all"
            : modifier == '?'
                ? "it also matches several segments (Astro has no optional single parameter)"
                : "";
        if (!differs.empty()) {
          note += fmt::format("{}`{}` {}", note.empty() ? "" : "; ", replacement, differs);
        }
      }
      out.push_back({ForeignSyntax::Kind::colon_param,
                     i + 1,
                     std::string(source.substr(i, end - i)),
                     std::move(replacement),
                     std::move(note)});
      i = end;
      continue;
    }
    if (c == '*') {
      const std::size_t length = i + 1 < source.size() && source[i + 1] == '*' ? 2 : 1;
      const bool alone = whole_segment(source, i, length);
      const bool rest = last || length == 2;
      std::string replacement = rest ? "[..." + fresh_name(source, "path", taken) + "]"
                                     : "[" + fresh_name(source, "param", taken) + "]";
      std::string note;
      if (rest && alone) {
        const std::string_view before = source.substr(0, i == 0 ? 0 : i - 1);
        note = fmt::format(
            "`{}` also matches `{}` itself", replacement, before.empty() ? "/" : before);
      } else if (rest) {
        note = fmt::format("`{}` next to other text may span several segments (`/a/b{}`), as a "
                           "glob `**` would; validate warns about it (embedded-rest)",
                           replacement,
                           source.substr(i + length, segment_end(source, i) - i - length));
      } else {
        note = fmt::format("`{}` matches exactly one segment", replacement);
      }
      out.push_back({ForeignSyntax::Kind::glob,
                     i + 1,
                     std::string(source.substr(i, length)),
                     std::move(replacement),
                     std::move(note)});
      i += length;
      continue;
    }
    if (c == '(') {
      const std::size_t close = group_end(source, i);
      if (close != std::string_view::npos) {
        const std::string_view group = source.substr(i, close - i);
        const bool anything = matches_anything(group);
        std::string replacement = anything ? "[..." + fresh_name(source, "path", taken) + "]"
                                           : "[" + fresh_name(source, "param", taken) + "]";
        std::string note =
            anything ? fmt::format("`{}` also matches `{}` itself",
                                   replacement,
                                   i <= 1 ? std::string_view("/") : source.substr(0, i - 1))
                     : fmt::format("Astro patterns have no regular expressions: `{}` matches any "
                                   "one segment",
                                   replacement);
        out.push_back({ForeignSyntax::Kind::regex_group,
                       i + 1,
                       std::string(group),
                       std::move(replacement),
                       std::move(note)});
        i = close;
        continue;
      }
    }
    ++i;
  }
  return out;
}

std::string
translate_foreign_syntax(std::string_view source, const std::vector<ForeignSyntax>& found)
{
  std::string out;
  std::size_t from = 0;
  for (const ForeignSyntax& construct : found) {
    const std::size_t at = construct.column - 1;
    out.append(source.substr(from, at - from));
    out += construct.replacement;
    from = at + construct.text.size();
  }
  out.append(source.substr(std::min(from, source.size())));
  return out;
}

} // namespace cachectl
