// `export --to nitro`: Nitro's `routeRules` (nitropack 2, what Nuxt 3 and 4 run) as JSON.
//
// nitropack merges EVERY route rule whose path matches (runtime/internal/route-rules.ts,
// getRouteRulesForPath: `defu({}, ...matcher.matchAll(path).reverse())`). radix3's matchAll lists
// the `**` rules (shorter prefix first), then the `*`/`:name` rules (recursively, per prefix), then
// the exact path; reversed, that is: exact path, then placeholders (longer static prefix first),
// then wildcards (longer prefix first), and defu lets the first one that sets a header win, key by
// key. A header cannot be removed (defu skips null and undefined; "" would send an empty field).
// So every rule becomes one entry with all the headers `cachectl headers` gives its URLs, and the
// export refuses where radix3's order puts a rule with other headers before cachectl's winner,
// and where a less specific rule sets a header the winner lacks. radix3's `*` also matches an
// empty last segment when it follows another `*` or starts the path: those paths get an entry of
// their own shape with the headers of the rule that covers them, or the export refuses.
//
// Only `headers`: `swr`, `cache` and `isr` switch on Nitro's own response cache (its storage, or
// the platform's ISR), which a cache.toml does not describe; the CDN-facing headers are all it
// says. Patterns are relative to `app.baseURL` (Nitro strips it before matching).
#include "nitro_export.hpp"

#include "export_support.hpp"
#include "util/text.hpp"

#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <expected>
#include <nlohmann/json.hpp>
#include <set>

namespace cachectl::interop {

namespace {

// One segment of a route rule path as radix3 reads it.
struct RadixSegment {
  enum class Kind { text, star, stars };
  Kind kind = Kind::text;
  std::string text; ///< canonical static text (text segments only)
};
using RadixPath = std::vector<RadixSegment>;

// The radix3 path of `pattern`, or why it has none.
std::expected<RadixPath, std::string>
radix_path(const Pattern& pattern)
{
  RadixPath out;
  const auto& segments = pattern.segments();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].size() > 1) {
      return std::unexpected("a parameter inside a segment (radix3's `*` is a whole segment)");
    }
    const PatternPart& part = segments[i][0];
    switch (part.kind) {
    case PatternPart::Kind::text:
      if (part.canonical.find_first_of("*:") != std::string::npos) {
        return std::unexpected(fmt::format(
            "the text `{}` in a path (`*`, `**` and `:` are wildcards there)", part.text));
      }
      out.push_back(RadixSegment{RadixSegment::Kind::text, part.canonical});
      break;
    case PatternPart::Kind::param:
      out.push_back(RadixSegment{RadixSegment::Kind::star, {}});
      break;
    case PatternPart::Kind::rest:
      if (i + 1 != segments.size()) {
        return std::unexpected("a rest parameter before the last segment (radix3's `**` ends a "
                               "path)");
      }
      out.push_back(RadixSegment{RadixSegment::Kind::stars, {}});
      break;
    }
  }
  return out;
}

// The route rule key of a radix3 path (`/blog/*`, `/docs/**`, `/`).
std::string
radix_key(const RadixPath& path)
{
  std::string key;
  for (const auto& segment : path) {
    key += '/';
    switch (segment.kind) {
    case RadixSegment::Kind::text:
      key += segment.text;
      break;
    case RadixSegment::Kind::star:
      key += '*';
      break;
    case RadixSegment::Kind::stars:
      key += "**";
      break;
    }
  }
  return key.empty() ? "/" : key;
}

// One table level of radix3's matcher: the static segments from `from` on, and what ends them
// (rank 2: the path's end, an exact entry; 1: a `*`, a dynamic subtable; 0: `**`, a wildcard).
struct RadixLevel {
  std::size_t statics = 0;
  int rank = 2;
};

RadixLevel
radix_level(const RadixPath& path, std::size_t from)
{
  std::size_t i = from;
  while (i < path.size() && path[i].kind == RadixSegment::Kind::text) {
    ++i;
  }
  const int rank = i == path.size() ? 2 : path[i].kind == RadixSegment::Kind::star ? 1 : 0;
  return RadixLevel{i - from, rank};
}

// For a path both match: < 0 when `a`'s rule comes first in nitropack's merge (its values win),
// > 0 when `b`'s does, 0 when they are the same entry.
int
radix_compare(const RadixPath& a, const RadixPath& b)
{
  std::size_t i = 0;
  std::size_t j = 0;
  for (;;) {
    const RadixLevel la = radix_level(a, i);
    const RadixLevel lb = radix_level(b, j);
    if (la.rank != lb.rank) {
      return la.rank > lb.rank ? -1 : 1;
    }
    if (la.statics != lb.statics) {
      return la.statics > lb.statics ? -1 : 1;
    }
    if (la.rank != 1) {
      return 0;
    }
    i += la.statics + 1;
    j += lb.statics + 1;
  }
}

// The lengths `t` at which radix3 lets the rest of `path` match nothing: from a `*` that starts
// the path or follows another `*`, every segment left is `*` or `**` (radix3 then matches the
// subpath `/` against a `*` with an empty prefix, and a `**`).
std::vector<std::size_t>
empty_matches(const RadixPath& path)
{
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < path.size(); ++t) {
    const bool starts = path[t].kind == RadixSegment::Kind::star &&
                        (t == 0 || path[t - 1].kind == RadixSegment::Kind::star);
    const bool rest_open =
        std::all_of(path.begin() + static_cast<std::ptrdiff_t>(t),
                    path.end(),
                    [](const RadixSegment& s) { return s.kind != RadixSegment::Kind::text; });
    if (starts && rest_open) {
      out.push_back(t);
    }
  }
  return out;
}

// The first `count` segments of `pattern` as a pattern of their own (`/` when none).
Pattern
pattern_prefix(const Pattern& pattern, std::size_t count)
{
  std::string source;
  for (std::size_t i = 0; i < count; ++i) {
    source += '/';
    for (const auto& part : pattern.segments()[i]) {
      switch (part.kind) {
      case PatternPart::Kind::text:
        source += part.text;
        break;
      case PatternPart::Kind::param:
        source += fmt::format("[{}]", part.text);
        break;
      case PatternPart::Kind::rest:
        source += fmt::format("[...{}]", part.text);
        break;
      }
    }
  }
  return *Pattern::parse(source.empty() ? "/" : source);
}

// One route rule of the export.
struct Entry {
  std::size_t index = 0; ///< the rule's index in the config
  RadixPath path;
  std::vector<Header> headers; ///< one per name (repeated names joined with ", ")
  std::set<std::string> names; ///< lowercase
};

// The provider whose headers the routes send: the config's `[site] provider`, else `generic`.
const ProviderInfo&
nitro_provider(const Config& config)
{
  const ProviderInfo* provider = config.provider.empty() ? nullptr : find_provider(config.provider);
  return provider != nullptr ? *provider : *find_provider("generic");
}

// The site settings Nitro cannot follow.
void
check_site(const Config& config, ExportDiagnostics& diagnostics)
{
  auto at = [&](const char* key) {
    const auto it = config.site_pos.find(key);
    return it == config.site_pos.end() ? KeyPlace{} : it->second;
  };
  if (config.trailing_slash != TrailingSlash::ignore) {
    const KeyPlace place = at("trailing_slash");
    diagnostics.inexpressible(place.key,
                              place.value_end,
                              fmt::format("trailing_slash = \"{}\" (radix3 matches a path with "
                                          "and without a final `/`)",
                                          to_string(config.trailing_slash)),
                              "URLs with the other trailing slash");
  }
  if (config.base != "/") {
    const KeyPlace place = at("base");
    diagnostics.inexpressible(place.key,
                              place.value_end,
                              fmt::format("base = \"{}\" (Nitro matches route rules on the path "
                                          "without `app.baseURL`, and on paths outside it as they "
                                          "are; the rules are written relative to it)",
                                          config.base),
                              "URLs outside the base");
  }
}

// The headers of rule `index`, a parameter's tags left out (reported), one per name.
Entry
make_entry(const Config& config,
           std::size_t index,
           RadixPath path,
           const ProviderInfo& provider,
           ExportDiagnostics& diagnostics)
{
  Entry entry{index, std::move(path), {}, {}};
  for (auto& header : static_rule_headers(config,
                                          index,
                                          provider,
                                          diagnostics,
                                          "a tag made from a parameter (a route rule's headers "
                                          "are static; the tag is left out)",
                                          "every URL of this rule (its tag header lacks that "
                                          "tag)")) {
    const std::string lower = ascii_lower(header.name);
    if (!entry.names.insert(lower).second) {
      auto same = std::ranges::find_if(
          entry.headers, [&](const Header& h) { return ascii_lower(h.name) == lower; });
      same->value += ", " + header.value;
      continue;
    }
    entry.headers.push_back(std::move(header));
  }
  return entry;
}

// Reports the headers of `lower` that `winner` lacks (they would leak into its URLs).
void
check_leak(const Config& config,
           const Entry& winner,
           const Entry& lower,
           const std::string& url,
           std::string_view how,
           ExportDiagnostics& diagnostics)
{
  std::vector<std::string> leaking;
  std::ranges::set_difference(lower.names, winner.names, std::back_inserter(leaking));
  if (leaking.empty()) {
    return;
  }
  diagnostics.inexpressible(config.rules[winner.index],
                            fmt::format("a rule without {} that `{}` sets{} (Nitro merges every "
                                        "matching route rule and cannot remove a header)",
                                        fmt::join(leaking, ", "),
                                        radix_key(lower.path),
                                        how),
                            fmt::format("URLs of this rule such as `{}`", url));
}

// The entry whose headers every URL of `prefix` gets from cachectl where an entry of the path
// `prefix_path` comes first in radix3's merge: the first rule (in priority order) that matches all
// of them, provided each higher-priority rule that wins some of them comes before that entry too
// (or sends the same headers); nullopt when there is none.
std::optional<std::size_t>
covering_entry(const std::vector<Entry>& entries,
               const std::vector<PatternAutomaton>& automata,
               const PatternAutomaton& prefix,
               const RadixPath& prefix_path)
{
  for (std::size_t c = 0; c < entries.size(); ++c) {
    if (PatternAutomaton::path_only_in(prefix, automata[c])) {
      continue;
    }
    for (std::size_t h = 0; h < c; ++h) {
      if (PatternAutomaton::common_path(automata[h], prefix) &&
          radix_compare(entries[h].path, prefix_path) > 0 &&
          entries[h].headers != entries[c].headers) {
        return std::nullopt;
      }
    }
    return c;
  }
  return std::nullopt;
}

} // namespace

std::string
export_nitro(const Config& config, ExportDiagnostics& diagnostics)
{
  check_static_host(config, diagnostics);
  check_site(config, diagnostics);
  const ProviderInfo& provider = nitro_provider(config);
  const ReferenceMatcher matcher(config);

  std::vector<Entry> entries; // priority order
  std::vector<PatternAutomaton> automata;
  std::set<std::string> keys;
  for (const std::size_t index : matcher.order()) {
    const Rule& rule = config.rules[index];
    auto path = radix_path(rule.pattern);
    if (!path) {
      diagnostics.inexpressible(rule, path.error(), "the URLs of this rule");
      continue;
    }
    if (!keys.insert(radix_key(*path)).second) {
      continue; // a higher-priority rule has the same radix3 path, so the same URLs
    }
    entries.push_back(make_entry(config, index, std::move(*path), provider, diagnostics));
    automata.emplace_back(rule.pattern, config.trailing_slash);
  }

  // Where two rules share URLs, cachectl's winner must come first in the merge (or send the
  // same headers), and set every header the other one sets.
  for (std::size_t w = 0; w < entries.size(); ++w) {
    for (std::size_t l = w + 1; l < entries.size(); ++l) {
      const auto url = PatternAutomaton::common_path(automata[w], automata[l]);
      if (!url) {
        continue;
      }
      check_leak(config, entries[w], entries[l], *url, "", diagnostics);
      if (radix_compare(entries[l].path, entries[w].path) < 0 &&
          entries[l].headers != entries[w].headers) {
        diagnostics.inexpressible(config.rules[entries[w].index],
                                  fmt::format("this rule where `{}` also matches (radix3 merges "
                                              "the exact path first, then `*` rules, then `**` "
                                              "rules, each with the longer static prefix first, "
                                              "so that rule's headers win)",
                                              radix_key(entries[l].path)),
                                  fmt::format("URLs such as `{}`", *url));
      }
    }
  }

  // radix3's `*` also matches an empty last segment after another `*` (or as the first one):
  // those paths need an entry of their own shape that comes first, and the winner's header names.
  std::optional<Entry> root_entry;
  std::vector<Entry> added;
  for (const auto& entry : entries) {
    const Rule& rule = config.rules[entry.index];
    for (const std::size_t t : empty_matches(entry.path)) {
      const Pattern prefix = pattern_prefix(rule.pattern, t);
      const PatternAutomaton prefix_automaton(prefix, config.trailing_slash);
      const std::string example = prefix_automaton.example();
      const RadixPath prefix_path(entry.path.begin(),
                                  entry.path.begin() + static_cast<std::ptrdiff_t>(t));
      if (t == 0) {
        const auto winner = matcher.match("/");
        const auto it =
            winner ? std::ranges::find(entries, winner->rule, &Entry::index) : entries.end();
        if (it == entries.end()) {
          diagnostics.inexpressible(rule,
                                    fmt::format("`{}` without a rule for `/` (radix3's `*` also "
                                                "matches the empty path)",
                                                radix_key(entry.path)),
                                    "the URL `/`");
          continue;
        }
        check_leak(config, *it, entry, "/", " at `/`", diagnostics);
        if (!it->path.empty() && !root_entry && !keys.contains("/")) {
          root_entry = *it;
          root_entry->path.clear();
        }
        continue;
      }
      if (!keys.contains(radix_key(prefix_path))) {
        // An entry of that shape with the headers of the rule that covers it comes first.
        const auto cover = covering_entry(entries, automata, prefix_automaton, prefix_path);
        if (!cover) {
          diagnostics.inexpressible(rule,
                                    fmt::format("`{}` without a rule that covers `{}` alone "
                                                "(radix3's `*` after another `*` also matches "
                                                "an empty last segment)",
                                                radix_key(entry.path),
                                                prefix.source()),
                                    fmt::format("URLs such as `{}`", example));
          continue;
        }
        keys.insert(radix_key(prefix_path));
        added.push_back(entries[*cover]);
        added.back().path = prefix_path;
      }
      for (std::size_t w = 0; w < entries.size(); ++w) {
        if (&entries[w] != &entry && PatternAutomaton::common_path(automata[w], prefix_automaton)) {
          check_leak(config, entries[w], entry, example, " there", diagnostics);
        }
      }
    }
  }
  if (root_entry) {
    entries.push_back(std::move(*root_entry));
  }
  std::ranges::move(added, std::back_inserter(entries));

  // Least specific first, as one would write them by hand; the order does not matter to Nitro.
  nlohmann::ordered_json document = nlohmann::ordered_json::object();
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->headers.empty()) {
      continue; // nothing to send (a rule above it that sets headers was reported)
    }
    nlohmann::ordered_json headers = nlohmann::ordered_json::object();
    for (const auto& header : it->headers) {
      headers[header.name] = header.value;
    }
    document[radix_key(it->path)] = {{"headers", std::move(headers)}};
  }
  return document.dump(2) + "\n";
}

} // namespace cachectl::interop
