// `_headers` of Netlify and Cloudflare Pages (see headers_file_import.hpp).
//
// Both parsers read line by line, trimmed; blank lines and lines starting with `#` are skipped.
// Netlify: a line starting with `/` is a path; any other line with a `:` is `name: value`
// (split at the first `:`); a line without one is ignored; a header before any path, an empty
// name or an empty value is an error. Cloudflare: a line starting with `/` or `scheme://` is a
// path; `! name` detaches; `name: value` (the name lowercased, no spaces); a path without header
// lines, a line over 2000 bytes and more than 100 rules are errors (Cloudflare skips them). In
// both, a header repeated in one rule joins its values with `, `.
#include "headers_file_import.hpp"

#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::interop {

namespace {

constexpr std::size_t cloudflare_max_line = 2000;
constexpr std::size_t cloudflare_max_rules = 100;

// True when Cloudflare reads `line` as a path (LINE_IS_PROBABLY_A_PATH: `/…` or `x://…`).
bool
cloudflare_path_line(std::string_view line)
{
  if (line.starts_with('/')) {
    return true;
  }
  const std::size_t scheme = line.find("://");
  return scheme != std::string_view::npos && scheme > 0 &&
         std::none_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(scheme), [](char c) {
           return c == ' ' || c == '\t';
         });
}

} // namespace

PlatformFile
parse_headers_file(std::string_view text, std::string_view file, HeadersFlavour flavour)
{
  const bool cloudflare = flavour == HeadersFlavour::cloudflare;
  PlatformFile out;
  auto error = [&](std::uint32_t line, std::uint32_t col, std::size_t width, std::string message) {
    out.diagnostics.push_back(syntax_error(file,
                                           SourcePos{line, col},
                                           SourcePos{line, col + static_cast<std::uint32_t>(width)},
                                           std::move(message)));
  };
  std::uint32_t number = 0;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t to = std::min(text.find('\n', from), text.size());
    const std::string_view raw = text.substr(from, to - from);
    from = to + 1;
    ++number;
    const std::string_view line = trim_ows(raw);
    const auto col = static_cast<std::uint32_t>(line.data() - raw.data() + 1);
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    if (cloudflare && line.size() > cloudflare_max_line) {
      error(number,
            col,
            1,
            fmt::format("a line of {} bytes (Cloudflare ignores lines over {})",
                        line.size(),
                        cloudflare_max_line));
      continue;
    }
    if (cloudflare ? cloudflare_path_line(line) : line.starts_with('/')) {
      if (cloudflare && !out.rules.empty() && out.rules.back().ops.empty()) {
        const PlatformRule& last = out.rules.back();
        error(last.pos.line,
              last.pos.column,
              last.path.size(),
              "a path without header lines (Cloudflare skips it)");
      }
      if (cloudflare && out.rules.size() == cloudflare_max_rules) {
        error(number,
              col,
              line.size(),
              fmt::format("more than {} rules (Cloudflare skips the rest of the file)",
                          cloudflare_max_rules));
        break;
      }
      out.rules.push_back(
          PlatformRule{std::string(line),
                       SourcePos{number, col},
                       SourcePos{number, col + static_cast<std::uint32_t>(line.size())},
                       {},
                       {}});
      continue;
    }
    const SourcePos pos{number, col};
    const SourcePos end{number, col + static_cast<std::uint32_t>(line.size())};
    const std::size_t colon = line.find(':');
    if (cloudflare && colon == std::string_view::npos && line.starts_with("! ")) {
      if (out.rules.empty()) {
        error(number, col, line.size(), "a `! name` line before any path");
        continue;
      }
      out.rules.back().ops.push_back(
          HeaderOp{true, std::string(trim_ows(line.substr(2))), "", pos, end});
      continue;
    }
    if (colon == std::string_view::npos) {
      if (cloudflare) {
        error(number,
              col,
              line.size(),
              out.rules.empty() ? "expected a path beginning with `/`"
                                : "expected a colon-separated header pair (`name: value`)");
      }
      continue; // Netlify ignores such a line
    }
    std::string name(trim_ows(line.substr(0, colon)));
    const std::string value(trim_ows(line.substr(colon + 1)));
    if (name.empty()) {
      error(number, col, 1, "a header line without a name");
      continue;
    }
    if (cloudflare && name.find_first_of(" \t") != std::string::npos) {
      error(number, col, colon, "a header name with a space");
      continue;
    }
    if (value.empty()) {
      error(number, col, line.size(), fmt::format("the header `{}` has no value", name));
      continue;
    }
    if (out.rules.empty()) {
      error(number, col, line.size(), fmt::format("the header `{}` comes before any path", name));
      continue;
    }
    if (cloudflare) {
      name = ascii_lower(name);
    }
    auto& ops = out.rules.back().ops;
    const auto same = std::ranges::find_if(
        ops, [&](const HeaderOp& op) { return !op.detach && op.name == name; });
    if (same != ops.end()) {
      same->value += ", " + value;
    } else {
      ops.push_back(HeaderOp{false, std::move(name), value, pos, end});
    }
  }
  if (cloudflare && !out.rules.empty() && out.rules.back().ops.empty()) {
    const PlatformRule& last = out.rules.back();
    error(last.pos.line,
          last.pos.column,
          last.path.size(),
          "a path without header lines (Cloudflare skips it)");
  }
  return out;
}

} // namespace cachectl::interop
