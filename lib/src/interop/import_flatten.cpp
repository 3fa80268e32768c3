// Flattening (see import_flatten.hpp).
//
// The platform's layering is modelled by the same regular expressions its JavaScript builds
// (platform_paths.cpp), applied in file order (Netlify and Vercel: a later value replaces an
// earlier one; Cloudflare: the first setter replaces the asset's value, later ones append, `!`
// detaches). Each platform path becomes one or more cache.toml patterns; each pattern's rule gets
// the cache headers the platform gives a representative URL of it, read back into options. Then
// the config is loaded by the config loader and checked, URL by URL, against the model: every
// representative, its other trailing-slash spelling, its empty-rest spelling and a common path of
// every two patterns. Every difference is a diagnostic at the platform rule that sets the header.
// The three trailing-slash modes are tried; the one with the fewest differences wins.
#include "import_flatten.hpp"

#include "export_support.hpp"
#include "header_options.hpp"
#include "platform_layering.hpp"
#include "util/text.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace cachectl::interop {

namespace {

// Beyond this many patterns, common paths of every two are not searched (quadratic).
constexpr std::size_t max_pairwise = 300;
// The longest path or source read (longer ones are reported, not modelled).
constexpr std::size_t max_path = 1000;

// One cache.toml rule in the making.
struct Candidate {
  std::string pattern;
  std::vector<std::size_t> sources; ///< platform rules whose path gave this pattern
  std::string representative;
  PlatformEffect headers;
};

// A URL the pattern matches: parameters `q1z`, `q2z`…, each rest `rests` segments (`r1z/s1z`),
// with the mode's trailing slash. The values hold no word a path is likely to spell.
std::string
instance(const Pattern& pattern, TrailingSlash mode, std::size_t rests)
{
  std::string out;
  std::size_t n = 0;
  for (const auto& segment : pattern.segments()) {
    std::string text;
    for (const auto& part : segment) {
      ++n;
      if (part.kind == PatternPart::Kind::text) {
        text += part.canonical;
      } else if (part.kind == PatternPart::Kind::param) {
        text += fmt::format("q{}z", n);
      } else {
        for (std::size_t k = 0; k < rests; ++k) {
          text += fmt::format("{}r{}z{}", k == 0 ? "" : "/", n, k);
        }
      }
    }
    if (!text.empty()) {
      out += "/" + text;
    }
  }
  if (out.empty()) {
    return "/";
  }
  return mode == TrailingSlash::always ? out + "/" : out;
}

std::string
other_slash(const std::string& path)
{
  if (path == "/") {
    return path;
  }
  return path.ends_with('/') ? path.substr(0, path.size() - 1) : path + "/";
}

// The source file's name as comments show it (`_headers`).
std::string
short_name(std::string_view file)
{
  const std::size_t slash = file.find_last_of('/');
  return std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
}

// A TOML basic string of a pattern (no control characters reach here).
std::string
toml_quoted(std::string_view text)
{
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// One attempt under one trailing-slash mode.
struct Attempt {
  std::string text;
  std::vector<Diagnostic> losses;
};

class Flattener {
public:
  Flattener(const std::vector<PlatformRule>& rules,
            const Platform& platform,
            std::string_view file,
            bool lossy)
      : m_rules(rules)
      , m_platform(platform)
      , m_file(file)
      , m_lossy(lossy)
  {
    if (platform.layers != nullptr) {
      m_layers = platform.layers(rules);
    }
    // A rest spelled with up to one segment more than the longest path: deeper URLs escape
    // fixed-depth rules (Nitro's `/*/*/*` next to `/**`).
    std::size_t longest = 0;
    for (const PlatformRule& rule : rules) {
      longest = std::max<std::size_t>(longest,
                                      static_cast<std::size_t>(std::ranges::count(rule.path, '/')));
    }
    for (std::size_t n = 4; n <= std::min<std::size_t>(longest + 1, 12); ++n) {
      m_rest_lengths.push_back(n);
    }
  }

  Flattened
  run()
  {
    Flattened out;
    compile(out);
    std::optional<Attempt> best;
    for (const TrailingSlash mode :
         {TrailingSlash::ignore, TrailingSlash::never, TrailingSlash::always}) {
      Attempt attempt = attempt_mode(mode);
      if (!best || attempt.losses.size() < best->losses.size()) {
        best = std::move(attempt);
      }
    }
    out.losses = m_fixed_losses + best->losses.size();
    out.text = std::move(best->text);
    std::ranges::move(best->losses, std::back_inserter(out.diagnostics));
    return out;
  }

private:
  Diagnostic
  diagnostic(SourcePos pos, SourcePos end, std::string message, bool loss) const
  {
    Diagnostic d;
    d.severity = !loss ? Severity::note : m_lossy ? Severity::warning : Severity::error;
    d.code = !loss ? "import-dropped" : m_lossy ? "import-lossy" : "import-inexpressible";
    d.message = std::move(message);
    d.span = SourceSpan{std::string(m_file), pos, end.known() ? end : pos};
    return d;
  }

  // Compiles every rule and reports what no mode can keep.
  void
  compile(Flattened& out)
  {
    for (const PlatformRule& rule : m_rules) {
      CompiledPlatformRule c{m_platform.shape(rule.path), std::nullopt};
      if (rule.path.size() > max_path) {
        // std::regex recurses per character; real paths are far shorter.
        c.shape = PathShape{};
        c.shape.problem =
            fmt::format("a path of {} characters (at most {})", rule.path.size(), max_path);
      }
      try {
        const auto flags =
            std::regex::ECMAScript | (c.shape.icase ? std::regex::icase : std::regex::ECMAScript);
        if (rule.condition.empty() && !c.shape.regex.empty()) {
          c.regex.emplace(c.shape.regex, flags);
        }
      } catch (const std::regex_error&) {
        c.shape.problem = "a regular expression the platform's own engine may read otherwise";
        c.shape.patterns.clear();
      }
      auto loss = [&](std::string message) {
        out.diagnostics.push_back(diagnostic(rule.pos, rule.end, std::move(message), true));
        ++m_fixed_losses;
      };
      if (!rule.condition.empty()) {
        loss(fmt::format("{} applies `{}` only to requests with {}; cache.toml cannot keep that "
                         "condition, and the rule is not imported",
                         m_platform.display,
                         rule.path,
                         rule.condition));
        c.shape.patterns.clear();
      } else if (!c.shape.problem.empty()) {
        loss(fmt::format("cache.toml cannot express the path `{}`: {}; its URLs get only what "
                         "other rules give them",
                         rule.path,
                         c.shape.problem));
      } else if (!c.shape.bleed.empty()) {
        m_bleeds.push_back(c.shape.bleed); // checked with the other URLs
      }
      for (const HeaderOp& op : rule.ops) {
        const std::string name = ascii_lower(op.name);
        if (!op.detach && !cache_header(name) && !name.starts_with(':')) {
          out.diagnostics.push_back(diagnostic(
              op.pos,
              op.end,
              fmt::format("`{}` is not a cache header; left out of the cache.toml", op.name),
              false));
          m_dropped.push_back(fmt::format("{} ({}:{})", op.name, short_name(m_file), op.pos.line));
        } else if (m_platform.appends && !op.detach) {
          for (const auto& placeholder : c.shape.placeholders) {
            if (op.value.find(":" + placeholder) != std::string::npos) {
              loss(fmt::format("the placeholder `:{}` in `{}` (a cache.toml value is the same "
                               "for every URL of a rule)",
                               placeholder,
                               op.name));
            }
          }
        }
      }
      m_compiled.push_back(std::move(c));
    }
  }

  // The comment naming the platform rules behind a header set.
  std::string
  from_comment(const PlatformEffect& headers) const
  {
    std::vector<std::string> parts;
    for (const std::size_t i : headers.matched) {
      parts.push_back(
          fmt::format("{}:{} ({})", short_name(m_file), m_rules[i].pos.line, m_rules[i].path));
    }
    return parts.empty() ? "# from no rule of " + short_name(m_file)
                         : fmt::format("# from {}", fmt::join(parts, ", "));
  }

  std::string
  config_text(const std::vector<const Candidate*>& written, TrailingSlash mode) const
  {
    std::string out = fmt::format(
        "# cache.toml imported by `cachectl import --from {}` from {}.\n"
        "# Each rule holds the cache headers {} gives its URLs after laying every\n"
        "# matching rule of that file over each other; the comments name those rules.\n",
        m_platform.format,
        short_name(m_file),
        m_platform.display);
    for (const auto& dropped : m_dropped) {
      out += fmt::format("# left out (not a cache header): {}\n", dropped);
    }
    out += fmt::format("version = 1\n\n[site]\nbase = \"/\"\ntrailing_slash = \"{}\"\n"
                       "provider = \"{}\"\n",
                       to_string(mode),
                       m_platform.provider);
    for (const Candidate* c : written) {
      out += "\n" + from_comment(c->headers) + "\n";
      const auto options = options_from_headers(c->headers.headers, m_platform.provider);
      if (options.empty()) {
        out += "# no cache header here (the host's defaults apply)\n";
      }
      out += fmt::format("[routes.{}]\n", toml_quoted(c->pattern));
      for (const auto& line : options) {
        out += line + "\n";
      }
    }
    return out;
  }

  // The headers `cachectl headers` gives `path` under `config`, as a map.
  HeaderMap
  ours(const Config& config, const ReferenceMatcher& matcher, const std::string& path) const
  {
    HeaderMap out;
    const Resolution resolution = resolve(config, matcher, path);
    if (resolution.kind != Resolution::Kind::matched || !resolution.match) {
      return out;
    }
    const Policy policy = decide_policy(config, *resolution.match, Request{});
    const ProviderInfo* provider = find_provider(m_platform.provider);
    for (const auto& header :
         generate_headers(*provider, policy, provider_settings(config, provider->name)).headers) {
      const std::string name = ascii_lower(header.name);
      out[name] = out.contains(name) ? out[name] + ", " + header.value : header.value;
    }
    return out;
  }

  // Drops the rules whose URLs the next matching rule would give the same options (the root
  // next to `/[...splat]`), one at a time, from the lowest priority up.
  void
  prune(std::vector<const Candidate*>& written, TrailingSlash mode) const
  {
    bool changed = true;
    while (changed) {
      changed = false;
      auto config = parse_config(config_text(written, mode), m_file);
      if (!config) {
        return;
      }
      const ReferenceMatcher matcher(*config);
      for (auto it = written.begin(); it != written.end(); ++it) {
        const auto all = matcher.match_all((*it)->representative);
        if (all.size() < 2 || config->rules[all[0].rule].pattern.source() != (*it)->pattern) {
          continue;
        }
        const auto next = std::ranges::find_if(written, [&](const Candidate* c) {
          return c->pattern == config->rules[all[1].rule].pattern.source();
        });
        if (next != written.end() &&
            options_from_headers((*it)->headers.headers, m_platform.provider) ==
                options_from_headers((*next)->headers.headers, m_platform.provider)) {
          written.erase(it);
          changed = true;
          break;
        }
      }
    }
  }

  Attempt
  attempt_mode(TrailingSlash mode)
  {
    Attempt attempt;
    // The candidates, by pattern.
    std::map<std::string, Candidate> by_pattern;
    std::vector<Pattern> patterns;
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
      for (const auto& text : m_compiled[i].shape.patterns) {
        auto parsed = Pattern::parse(text);
        if (!parsed) {
          attempt.losses.push_back(diagnostic(
              m_rules[i].pos,
              m_rules[i].end,
              fmt::format("the path `{}` reads as the pattern `{}`, which cache.toml refuses: {}",
                          m_rules[i].path,
                          text,
                          parsed.error().message),
              true));
          continue;
        }
        auto [it, fresh] = by_pattern.try_emplace(text);
        it->second.sources.push_back(i);
        if (fresh) {
          it->second.pattern = text;
          // The spelling the fewest platform rules match: the pattern's own class, not the
          // narrower class of a more specific rule (`/:p/*` is not `/:p/*/:a/:b`).
          // Among the spellings its own platform rule matches (`/*` matches `/` too).
          std::size_t fewest = m_rules.size() + 1;
          it->second.representative = instance(*parsed, mode, 1);
          for (const std::size_t rests : m_rest_lengths) {
            const std::string url = instance(*parsed, mode, rests);
            const auto matched =
                platform_effect(m_rules, m_compiled, m_platform, url, m_layers).matched;
            if (std::ranges::find(matched, i) != matched.end() && matched.size() < fewest) {
              fewest = matched.size();
              it->second.representative = url;
            }
          }
          // A path written with its final `/` (`/posts/:slug/`) is about that spelling.
          const bool slashed = m_rules[i].path.size() > 1 && m_rules[i].path.ends_with('/');
          if (slashed && mode == TrailingSlash::ignore) {
            it->second.representative = other_slash(it->second.representative);
          }
          it->second.headers =
              platform_effect(m_rules, m_compiled, m_platform, it->second.representative, m_layers);
          patterns.push_back(std::move(*parsed));
        }
      }
    }
    // Rules without cache headers are written only where another rule would take their URLs.
    std::vector<const Candidate*> written;
    for (const auto& [text, c] : by_pattern) {
      if (!c.headers.headers.empty()) {
        written.push_back(&c);
      }
    }
    {
      auto first = parse_config(config_text(written, mode), m_file);
      if (first) {
        const ReferenceMatcher matcher(*first);
        for (const auto& [text, c] : by_pattern) {
          if (c.headers.headers.empty() &&
              resolve(*first, matcher, c.representative).kind == Resolution::Kind::matched) {
            written.push_back(&c);
          }
        }
      }
    }
    prune(written, mode);
    // In priority order, as one reads them.
    std::string text = config_text(written, mode);
    auto config = parse_config(text, m_file);
    if (!config) {
      attempt.losses.push_back(
          diagnostic(SourcePos{1, 1},
                     SourcePos{},
                     fmt::format("the imported config does not load: {}",
                                 config.error().empty() ? "" : config.error().front().message),
                     true));
      return attempt; // no text: nothing is written, even with --lossy
    }
    {
      const ReferenceMatcher matcher(*config);
      std::vector<const Candidate*> ordered;
      for (const std::size_t index : matcher.order()) {
        const auto it = std::ranges::find_if(written, [&](const Candidate* c) {
          return c->pattern == config->rules[index].pattern.source();
        });
        ordered.push_back(*it);
      }
      text = config_text(ordered, mode);
      config = parse_config(text, m_file);
    }
    const ReferenceMatcher matcher(*config);

    // The URLs checked.
    std::set<std::string> samples{"/"};
    samples.insert(m_bleeds.begin(), m_bleeds.end());
    std::vector<PatternAutomaton> automata;
    for (const auto& pattern : patterns) {
      for (const std::size_t rests : m_rest_lengths) {
        const std::string path = instance(pattern, mode, rests);
        samples.insert(path);
        samples.insert(other_slash(path));
      }
      automata.emplace_back(pattern, mode);
    }
    if (automata.size() <= max_pairwise) {
      for (std::size_t a = 0; a < automata.size(); ++a) {
        for (std::size_t b = a + 1; b < automata.size(); ++b) {
          if (auto path = PatternAutomaton::common_path(automata[a], automata[b])) {
            // The shortest shared path leaves rests empty, and a platform rest needs its `/`
            // (path-to-regexp's `/(.*)`, Cloudflare's `/*`): its other spelling is the URL
            // both platform rules match (`/de/en/en/` of `/:p(en|de)/(.*)`, `/:p/en/en/(.*)`).
            samples.insert(other_slash(*path));
            samples.insert(*path);
          }
        }
      }
    }
    std::set<std::pair<std::size_t, std::string>> reported;
    for (const auto& path : samples) {
      const PlatformEffect theirs =
          platform_effect(m_rules, m_compiled, m_platform, path, m_layers);
      const HeaderMap mine = ours(*config, matcher, path);
      std::set<std::string> names;
      for (const auto& [name, value] : theirs.headers) {
        names.insert(name);
      }
      for (const auto& [name, value] : mine) {
        names.insert(name);
      }
      if (theirs.cache_control_detached) {
        names.insert("cache-control"); // none at all: never what a cache.toml rule gives
      }
      for (const auto& name : names) {
        const auto t = theirs.headers.find(name);
        const auto m = mine.find(name);
        if (t != theirs.headers.end() && m != mine.end() &&
            comparable_value(name, t->second) == comparable_value(name, m->second)) {
          continue;
        }
        const auto by = theirs.by.find(name);
        const std::size_t rule = by != theirs.by.end()    ? by->second
                                 : theirs.matched.empty() ? m_rules.size()
                                                          : theirs.matched.back();
        if (!reported.emplace(rule, name).second) {
          continue;
        }
        const auto shown = [&](const HeaderMap& map, const auto& it) {
          if (it != map.end()) {
            return fmt::format("`{}: {}`", name, it->second);
          }
          if (name != "cache-control" || !m_platform.appends) {
            return fmt::format("no {}", name);
          }
          return &map == &theirs.headers
                     ? fmt::format(
                           "no {}{}",
                           name,
                           theirs.cache_control_detached ? " (a `! cache-control` removes it)" : "")
                     : fmt::format("the asset's own `{}: {}`", name, asset_cache_control);
        };
        const PlatformRule* at = rule < m_rules.size() ? &m_rules[rule] : nullptr;
        std::vector<std::string> lines;
        for (const std::size_t i : theirs.matched) {
          lines.push_back(std::to_string(m_rules[i].pos.line));
        }
        attempt.losses.push_back(diagnostic(
            at != nullptr ? at->pos : SourcePos{1, 1},
            at != nullptr ? at->end : SourcePos{},
            fmt::format("`{}` gets {} from {} ({}) but {} from the imported cache.toml, {}",
                        path,
                        shown(theirs.headers, t),
                        m_platform.display,
                        lines.empty() ? std::string("no rule matches")
                                      : fmt::format("rule{} at line{} {}",
                                                    lines.size() == 1 ? "" : "s",
                                                    lines.size() == 1 ? "" : "s",
                                                    fmt::join(lines, ", ")),
                        shown(mine, m),
                        std::ranges::find(m_bleeds, path) != m_bleeds.end()
                            ? "whose rest parameter needs the `/` that the platform's `*` "
                              "makes optional"
                        : t == theirs.headers.end() && theirs.cache_control_detached &&
                                name == "cache-control"
                            ? "which has no option for a response without Cache-Control"
                            : "whose single-winner rules have no option that gives it that"),
            true));
      }
    }
    attempt.text = std::move(text);
    return attempt;
  }

  const std::vector<PlatformRule>& m_rules;
  const Platform& m_platform;
  std::string_view m_file;
  bool m_lossy;
  std::vector<CompiledPlatformRule> m_compiled;
  Layers m_layers;
  std::vector<std::size_t> m_rest_lengths{1, 0, 2, 3}; ///< the spellings of a rest tried
  std::vector<std::string> m_dropped;
  std::vector<std::string> m_bleeds; ///< URLs a `/x/*` matches beyond its rest (`/xy`)
  std::size_t m_fixed_losses = 0;
};

} // namespace

Flattened
flatten(const std::vector<PlatformRule>& rules,
        const Platform& platform,
        std::string_view file,
        bool lossy)
{
  return Flattener(rules, platform, file, lossy).run();
}

} // namespace cachectl::interop
