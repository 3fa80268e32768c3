// `export --to cloudflare-pages`: the `_headers` file of Cloudflare Pages / Workers static assets.
//
// Cloudflare applies every rule whose path matches, in file order: the first rule that sets a
// header replaces the asset's own, later ones append to it (`, `), and `! Name` detaches what
// earlier rules set (workers-sdk, pages-shared asset-server/handler.ts, attachHeaders). A path
// is a regular expression with `*` as `.*` (at most one), `:name` as `[^/]+`, anchored, matched
// case-sensitively on the URL's path; a `:name` or `:splat` in a value is replaced by what it
// matched. So the file lists the rules from the lowest priority to the highest: the last
// matching rule, the one Astro's order picks, decides every header alone. Each rule first detaches
// every header an earlier rule sets (its own value follows); a Cache-Control it does not set is
// given the asset server's own value back.
#include "cloudflare_pages_export.hpp"

#include "export_support.hpp"
#include "util/text.hpp"

#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

namespace cachectl::interop {

namespace {

// pages-shared's limits (workers-shared utils/configuration/constants.ts).
constexpr std::size_t max_rules = 100;
constexpr std::size_t max_line_length = 2000;
// What the asset server sends when no rule sets Cache-Control (asset-server/handler.ts,
// CACHE_CONTROL_BROWSER).
constexpr std::string_view asset_cache_control = "public, max-age=0, must-revalidate";

// One path line and the headers of the rule it belongs to.
struct PathBlock {
  std::string path;
  std::vector<Header> headers;
  const Rule* rule = nullptr; ///< the rule the line belongs to
};

bool
word_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// True when `name` is a placeholder name Cloudflare recognizes whole (`[A-Za-z]\w*`).
bool
placeholder_name(std::string_view name)
{
  return !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) != 0 &&
         std::ranges::all_of(name, word_char);
}

// True when static text would be read as something else in a path line: a `*`, or a `:` that
// starts a placeholder name.
bool
special_text(std::string_view text)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '*') {
      return true;
    }
    if (text[i] == ':' && i + 1 < text.size() &&
        std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0) {
      return true;
    }
  }
  return false;
}

// The path lines of one pattern: each standalone rest either absent or `*`, then the trailing
// slash of the mode. Fills `placeholders` (pattern parameter → the name in the line) per line.
struct PathVariant {
  std::string path;
  std::vector<std::pair<std::string, std::string>> placeholders; ///< param → `name` or `splat`
  std::size_t splats = 0;
};

std::vector<PathVariant>
path_variants(const Pattern& pattern, std::string_view base, TrailingSlash mode, bool exact_splat)
{
  std::vector<PathVariant> variants{PathVariant{std::string(base), {}, 0}};
  for (const auto& segment : pattern.segments()) {
    const bool standalone_rest = segment.size() == 1 && segment[0].kind == PatternPart::Kind::rest;
    std::vector<PathVariant> next;
    for (const auto& variant : variants) {
      if (standalone_rest) {
        next.push_back(variant); // the rest captured nothing
      }
      PathVariant grown = variant;
      grown.path += '/';
      for (const auto& part : segment) {
        switch (part.kind) {
        case PatternPart::Kind::text:
          grown.path += part.canonical;
          break;
        case PatternPart::Kind::param:
          grown.path += ':' + part.text;
          grown.placeholders.emplace_back(part.text, part.text);
          break;
        case PatternPart::Kind::rest:
          grown.path += '*';
          grown.placeholders.emplace_back(part.text, "splat");
          ++grown.splats;
          break;
        }
      }
      next.push_back(std::move(grown));
    }
    variants = std::move(next);
  }
  // Lines ending in `/` come last (the file is written in reverse), so that for a URL ending in
  // `/` a splat holds what Astro's rest holds, without that slash.
  std::vector<PathVariant> bare;
  std::vector<PathVariant> slashed;
  for (auto& variant : variants) {
    if (variant.path.empty()) {
      variant.path = "/"; // the root, or a pattern that is one absent rest
    }
    if (variant.path.ends_with('/')) {
      slashed.push_back(std::move(variant));
      continue;
    }
    // A final `*` matches the slash too; only a tag made from the rest needs `*/` to leave it out.
    const bool covered =
        mode == TrailingSlash::ignore && variant.path.ends_with('*') && !exact_splat;
    if (mode != TrailingSlash::never && !covered) {
      slashed.push_back(variant);
      slashed.back().path += '/';
    }
    if (mode != TrailingSlash::always) {
      bare.push_back(std::move(variant));
    }
  }
  std::vector<PathVariant> out = std::move(slashed);
  std::ranges::move(bare, std::back_inserter(out));
  if (pattern.segments().empty()) {
    // The root: `/`, or under a base the base in the mode's spelling (the other spelling is
    // Astro's 301).
    const std::string with_slash = std::string(base) + "/";
    out.clear();
    if (base.empty() || mode != TrailingSlash::never) {
      out.push_back(PathVariant{with_slash, {}, 0});
    }
    if (!base.empty() && mode != TrailingSlash::always) {
      out.push_back(PathVariant{std::string(base), {}, 0});
    }
  }
  return out;
}

// Replaces every parameter sentinel in `value` by the platform's placeholder.
std::string
with_placeholders(std::string value, const PathVariant& variant)
{
  for (std::size_t i = 0; i < variant.placeholders.size(); ++i) {
    const std::string sentinel = param_sentinel(i);
    const std::string placeholder = ':' + variant.placeholders[i].second;
    for (std::size_t at = value.find(sentinel); at != std::string::npos;
         at = value.find(sentinel, at + placeholder.size())) {
      value.replace(at, sentinel.size(), placeholder);
    }
  }
  return value;
}

} // namespace

std::string
export_cloudflare_pages(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  const ProviderInfo* provider = find_provider("cloudflare");
  const ReferenceMatcher matcher(config);
  const std::string base = config.base == "/" ? "" : config.base;

  std::vector<PathBlock> blocks; // highest priority first
  std::set<std::string> seen;
  for (const std::size_t index : matcher.order()) {
    const Rule& rule = config.rules[index];
    bool usable = true;
    for (const auto& segment : rule.pattern.segments()) {
      for (std::size_t p = 0; p < segment.size(); ++p) {
        const auto& part = segment[p];
        if (part.kind == PatternPart::Kind::text && special_text(part.canonical)) {
          diagnostics.inexpressible(rule,
                                    fmt::format("the text `{}` in a path (`*` and `:name` are "
                                                "wildcards there)",
                                                part.text),
                                    "the URLs of this rule");
          usable = false;
        }
        if (part.kind == PatternPart::Kind::param &&
            (!placeholder_name(part.text) ||
             (p + 1 < segment.size() && segment[p + 1].kind == PatternPart::Kind::text &&
              word_char(segment[p + 1].canonical.front())))) {
          diagnostics.inexpressible(rule,
                                    fmt::format("the parameter `[{}]` here (a placeholder is "
                                                "`:` and a name of letters, digits and `_` that "
                                                "ends where they end)",
                                                part.text),
                                    "the URLs of this rule");
          usable = false;
        }
      }
    }
    if (!usable) {
      continue;
    }
    const bool templated = has_param_tags(config, rule);
    if (templated) {
      diagnostics.inexpressible(rule,
                                "a tag made from a parameter exactly (its `:name` placeholder "
                                "pastes the path text, cachectl the decoded value escaped)",
                                "URLs whose parameter text holds a `,` or an escape such as "
                                "`%2F`");
    }
    for (const auto& segment : rule.pattern.segments()) {
      const auto dynamic = std::ranges::count_if(segment, &PatternPart::dynamic);
      for (const auto& part : segment) {
        if (dynamic > 1 && part.dynamic() && tags_name(config, rule, part.text)) {
          diagnostics.inexpressible(rule,
                                    fmt::format("a tag made from `{{{}}}`, which shares its "
                                                "segment with another parameter (placeholders "
                                                "match greedily, Astro's parameters lazily)",
                                                part.text),
                                    "URLs whose segment text could be split more than one way");
        }
      }
    }
    for (const auto& variant :
         path_variants(rule.pattern, base, config.trailing_slash, templated)) {
      if (variant.splats > 1) {
        diagnostics.inexpressible(rule,
                                  fmt::format("`{}` (one `*` per path at most)", variant.path),
                                  "URLs with text in more than one rest parameter");
        continue;
      }
      std::vector<std::string> present;
      for (const auto& [param, placeholder] : variant.placeholders) {
        present.push_back(param);
        // Cloudflare replaces `:name` for each placeholder in turn: `:p` would eat `:p2`.
        for (const auto& [other, other_placeholder] : variant.placeholders) {
          if (templated && other_placeholder != placeholder &&
              other_placeholder.starts_with(placeholder)) {
            diagnostics.inexpressible(rule,
                                      fmt::format("a tag made from `{{{}}}` next to a parameter "
                                                  "`{}` (the placeholder `:{}` is replaced "
                                                  "inside `:{}` too)",
                                                  other,
                                                  param,
                                                  placeholder,
                                                  other_placeholder),
                                      "the URLs of this rule");
          }
        }
      }
      std::vector<Header> headers = rule_headers(config, index, *provider, present);
      for (auto& header : headers) {
        for (const auto& [param, placeholder] : variant.placeholders) {
          if (header.value.find(':' + placeholder) != std::string::npos) {
            diagnostics.inexpressible(rule,
                                      fmt::format("the value `{}: {}` (Cloudflare would replace "
                                                  "its `:{}` by the matched path text)",
                                                  header.name,
                                                  header.value,
                                                  placeholder),
                                      "the URLs of this rule");
          }
        }
        header.value = with_placeholders(std::move(header.value), variant);
      }
      if (seen.insert(variant.path).second) {
        blocks.push_back(PathBlock{variant.path, std::move(headers), &rule});
      }
    }
  }

  if (blocks.size() > max_rules) {
    diagnostics.inexpressible(
        SourcePos{1, 1},
        SourcePos{},
        fmt::format("{} paths (Cloudflare reads the first {})", blocks.size(), max_rules),
        fmt::format("the URLs of the {} lowest-priority paths", blocks.size() - max_rules));
  }

  std::string out = fmt::format("# Cloudflare Pages _headers, generated by `cachectl export --to "
                                "cloudflare-pages` from {}.\n# Every rule applies where it "
                                "matches, in this order; each detaches what an earlier, less\n"
                                "# specific rule set, so the most specific rule decides alone.\n",
                                config.file);
  std::vector<std::string> earlier; // lowercase names set by the blocks written so far
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
    if (it->headers.empty() && earlier.empty()) {
      continue; // nothing to set or detach (and Cloudflare refuses a path without lines)
    }
    out += fmt::format("\n{}\n", it->path);
    std::vector<std::string> own;
    for (const auto& header : it->headers) {
      own.push_back(ascii_lower(header.name));
    }
    for (const auto& name : earlier) {
      out += fmt::format("  ! {}\n", name);
      if (std::ranges::find(own, name) != own.end()) {
        continue;
      }
      if (name == "cache-control") {
        // Detaching took the asset's own Cache-Control too: give it back.
        out += fmt::format("  cache-control: {}\n", asset_cache_control);
      } else if (name == "etag") {
        diagnostics.inexpressible(*it->rule,
                                  "a rule without `etag` more specific than one with it (the "
                                  "asset's own ETag cannot be given back once detached)",
                                  fmt::format("URLs matching `{}`", it->path));
      }
    }
    for (const auto& header : it->headers) {
      const std::string line = fmt::format("  {}: {}\n", header.name, header.value);
      if (line.size() - 1 > max_line_length) {
        diagnostics.inexpressible(SourcePos{1, 1},
                                  SourcePos{},
                                  fmt::format("a {} line of {} bytes (Cloudflare ignores lines "
                                              "over {})",
                                              header.name,
                                              line.size() - 1,
                                              max_line_length),
                                  fmt::format("URLs matching `{}`", it->path));
      }
      out += line;
    }
    for (auto& name : own) {
      if (std::ranges::find(earlier, name) == earlier.end()) {
        earlier.push_back(std::move(name));
      }
    }
  }
  // Under a base, Astro answers its 301 for the base's other spelling before any rule: no
  // header of the file may reach it, though `/base/*` matches `/base/`.
  if (!base.empty() && config.trailing_slash != TrailingSlash::ignore && !earlier.empty()) {
    out += fmt::format("\n# Astro redirects this spelling of the base: no rule applies.\n{}\n",
                       config.trailing_slash == TrailingSlash::never ? base + "/" : base);
    for (const auto& name : earlier) {
      out += fmt::format("  ! {}\n", name);
    }
    if (std::ranges::find(earlier, "cache-control") != earlier.end()) {
      out += fmt::format("  cache-control: {}\n", asset_cache_control);
    }
  }
  return out;
}

} // namespace cachectl::interop
