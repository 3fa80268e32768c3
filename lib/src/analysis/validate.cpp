#include "util/edit_distance.hpp"
#include "util/secret.hpp"

#include <cachectl/analysis/validate.hpp>
#include <cachectl/headers/providers.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/pattern/pattern_automaton.hpp>
#include <cachectl/util/timestamp.hpp>

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace cachectl {

namespace {

// The segment of a pattern as a signature piece: canonical text, `[]` or `[...]`.
std::string
segment_signature(const PatternSegment& segment)
{
  std::string out;
  for (const auto& part : segment) {
    switch (part.kind) {
    case PatternPart::Kind::text:
      out += part.canonical;
      break;
    case PatternPart::Kind::param:
      out += "[]";
      break;
    case PatternPart::Kind::rest:
      out += "[...]";
      break;
    }
  }
  return out;
}

bool
is_static(const PatternSegment& segment)
{
  return std::all_of(
      segment.begin(), segment.end(), [](const PatternPart& p) { return !p.dynamic(); });
}

// The rules as a trie of segments, to find the rules that can share a URL with a pattern
// without comparing all pairs. At segment granularity a static segment matches only the same
// text, a parameter (or a mixed segment) any one segment, and a rest (or a mixed segment
// holding one) any number: a superset of the real overlaps, which the automata then decide.
class SegmentTrie {
public:
  // Adds rule `index` with `pattern`.
  void
  insert(const Pattern& pattern, std::size_t index)
  {
    std::size_t at = 0;
    for (const auto& segment : pattern.segments()) {
      const Kind kind = kind_of(segment);
      std::size_t next = 0;
      if (kind == Kind::text) {
        const std::string text = segment_signature(segment);
        const auto it = m_nodes[at].statics.find(text);
        if (it != m_nodes[at].statics.end()) {
          next = it->second;
        } else {
          next = new_node();
          m_nodes[at].statics.emplace(text, next);
        }
      } else {
        next = kind == Kind::param ? m_nodes[at].param : m_nodes[at].rest;
        if (next == 0) {
          next = new_node();
          (kind == Kind::param ? m_nodes[at].param : m_nodes[at].rest) = next;
        }
      }
      at = next;
    }
    m_nodes[at].rules.push_back(index);
  }

  // Rules that may share a URL with `pattern` (its own rule included), sorted.
  std::vector<std::size_t>
  overlapping(const Pattern& pattern) const
  {
    std::vector<Kind> kinds;
    std::vector<std::string> texts;
    for (const auto& segment : pattern.segments()) {
      kinds.push_back(kind_of(segment));
      texts.push_back(kinds.back() == Kind::text ? segment_signature(segment) : std::string());
    }
    // State: trie node, segments of `pattern` consumed, and whether the node was reached through
    // a trie rest that may still swallow more of `pattern`'s segments.
    using State = std::tuple<std::size_t, std::size_t, bool>;
    std::vector<std::size_t> out;
    std::set<State> seen;
    std::vector<State> work = {{0, 0, false}};
    while (!work.empty()) {
      const State state = work.back();
      work.pop_back();
      if (!seen.insert(state).second) {
        continue;
      }
      const auto [at, i, in_rest] = state;
      const Node& node = m_nodes[at];
      if (in_rest && i < kinds.size()) {
        work.emplace_back(at, i + 1, true); // the trie's rest swallows one more segment
      }
      if (node.rest != 0) {
        work.emplace_back(node.rest, i, true); // a trie rest, so far taking no segment
      }
      if (i == kinds.size()) {
        out.insert(out.end(), node.rules.begin(), node.rules.end());
        continue;
      }
      const bool rest = kinds[i] == Kind::rest;
      if (rest) {
        work.emplace_back(at, i + 1, false); // the pattern's rest ends here
      }
      // A rest or a parameter of the pattern takes any one trie segment; text only its own.
      const std::size_t next = rest ? i : i + 1;
      if (kinds[i] == Kind::text) {
        const auto it = node.statics.find(texts[i]);
        if (it != node.statics.end()) {
          work.emplace_back(it->second, next, false);
        }
      } else {
        for (const auto& [text, child] : node.statics) {
          work.emplace_back(child, next, false);
        }
      }
      if (node.param != 0) {
        work.emplace_back(node.param, next, false);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

private:
  enum class Kind { text, param, rest };

  struct Node {
    std::map<std::string, std::size_t> statics;
    std::size_t param = 0; ///< child for a parameter segment; 0: none (the root is no child)
    std::size_t rest = 0;  ///< child for a rest segment; 0: none
    std::vector<std::size_t> rules;
  };

  // How a segment matches at segment granularity.
  static Kind
  kind_of(const PatternSegment& segment)
  {
    if (is_static(segment)) {
      return Kind::text;
    }
    const bool rest = std::any_of(segment.begin(), segment.end(), [](const PatternPart& p) {
      return p.kind == PatternPart::Kind::rest;
    });
    return rest ? Kind::rest : Kind::param;
  }

  std::size_t
  new_node()
  {
    m_nodes.emplace_back();
    return m_nodes.size() - 1;
  }

  std::vector<Node> m_nodes = std::vector<Node>(1);
};

// `{name}` templates of a tag, in order.
std::vector<std::string>
template_names(std::string_view tag)
{
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = tag.find('{', pos)) != std::string_view::npos) {
    const std::size_t close = tag.find('}', pos + 1);
    if (close == std::string_view::npos) {
      break;
    }
    names.emplace_back(tag.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

// The tag without its `{name}` templates: the part whose characters are known.
std::string
static_text(std::string_view tag)
{
  std::string out;
  std::size_t pos = 0;
  while (pos < tag.size()) {
    const std::size_t open = tag.find('{', pos);
    const std::size_t close = open == std::string_view::npos ? open : tag.find('}', open + 1);
    if (close == std::string_view::npos) {
      out.append(tag.substr(pos));
      break;
    }
    out.append(tag.substr(pos, open - pos));
    pos = close + 1;
  }
  return out;
}

// How a character is named in messages.
std::string
char_name(char c)
{
  const auto u = static_cast<unsigned char>(c);
  if (c == ' ') {
    return "a space";
  }
  if (c == ',') {
    return "a comma";
  }
  if (u < 0x21 || u >= 0x7F) {
    return fmt::format("byte 0x{:02X}", u);
  }
  return fmt::format("`{}`", c);
}

// True for an RFC 9110 token character.
bool
is_tchar(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string
lowercase(std::string_view s)
{
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

class Validator {
public:
  Validator(const LoadedConfig& loaded, const ValidateOptions& options)
      : m_config(loaded.config)
      , m_diagnostics(loaded.diagnostics)
  {
    auto wanted = options.providers;
    if (!m_config.provider.empty()) {
      wanted.insert(wanted.begin(), m_config.provider);
    }
    for (const auto& name : wanted) {
      const ProviderInfo* info = find_provider(name);
      if (info != nullptr &&
          std::find(m_providers.begin(), m_providers.end(), info) == m_providers.end()) {
        m_providers.push_back(info);
      }
    }
  }

  // Runs every check; returns all diagnostics sorted by position.
  std::vector<Diagnostic>
  run()
  {
    check_patterns();
    check_rule_set();
    check_coverage();
    check_cache_deception();
    check_defaults();
    for (std::size_t i = 0; i < m_config.rules.size(); ++i) {
      check_rule_options(m_config.rules[i]);
    }
    check_bypass(m_config.bypass, m_config.bypass_pos, "");
    for (const Rule& rule : m_config.rules) {
      if (rule.options.bypass) {
        check_bypass(*rule.options.bypass, rule.key_pos, "bypass.");
      }
    }
    check_providers();
    std::stable_sort(
        m_diagnostics.begin(), m_diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
          const auto& pa = a.span.begin;
          const auto& pb = b.span.begin;
          return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
    return std::move(m_diagnostics);
  }

private:
  // Records a diagnostic with the catalogue severity of `code`, once per code and span.
  void
  add(std::string_view code,
      SourceSpan span,
      std::string message,
      std::vector<RelatedSpan> related = {},
      std::string suggestion = {})
  {
    const DiagnosticCode* entry = find_diagnostic_code(code);
    const Severity severity = entry != nullptr ? entry->severity : Severity::error;
    const std::string key =
        fmt::format("{}@{}:{}:{}", code, span.begin.line, span.begin.column, message);
    if (!m_reported.insert(key).second) {
      return;
    }
    m_diagnostics.push_back(Diagnostic{severity,
                                       std::string(code),
                                       std::move(message),
                                       std::move(span),
                                       std::move(related),
                                       std::move(suggestion)});
  }

  SourceSpan
  span(SourcePos begin, SourcePos end) const
  {
    return SourceSpan{m_config.file, begin, end};
  }

  SourceSpan
  rule_span(const Rule& rule) const
  {
    return span(rule.pos, rule.pos_end);
  }

  // The key `name` of `rule`, else of [defaults], else the rule's pattern.
  SourceSpan
  option_span(const Rule* rule, std::string_view name, bool value = false) const
  {
    const std::string key(name);
    const KeyPlace* place = nullptr;
    if (rule != nullptr && rule->key_pos.contains(key)) {
      place = &rule->key_pos.at(key);
    } else if (m_config.defaults_pos.contains(key)) {
      place = &m_config.defaults_pos.at(key);
    }
    if (place == nullptr) {
      return rule != nullptr ? rule_span(*rule) : span({}, {});
    }
    return value ? span(place->value, place->value_end) : span(place->key, place->key_end);
  }

  // A base-relative path as the URL path a client requests.
  std::string
  request_path(const std::string& relative) const
  {
    if (m_config.base == "/") {
      return relative;
    }
    std::string base = m_config.base;
    if (base.ends_with('/')) {
      base.pop_back();
    }
    if (relative == "/") {
      return m_config.trailing_slash == TrailingSlash::never ? base : base + "/";
    }
    return base + relative;
  }

  const PatternAutomaton&
  automaton(std::size_t index)
  {
    auto it = m_automata.find(index);
    if (it == m_automata.end()) {
      it = m_automata
               .emplace(index,
                        PatternAutomaton(m_config.rules[index].pattern, m_config.trailing_slash))
               .first;
    }
    return it->second;
  }

  // Pattern checks that need only the pattern itself.
  void
  check_patterns()
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
      if (p.source().find_first_of("?#") != std::string::npos) {
        add("query-in-pattern",
            rule_span(rule),
            fmt::format(
                "`{}` contains `{}`, which starts the {} of a URL; the pattern only matches "
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
  check_trailing_slash(const Rule& rule)
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
          fmt::format(
              "with trailing_slash = \"never\", `{}` matches only URLs without the trailing "
              "slash (patterns ignore their own); write it as `{}`",
              p.source(),
              plain),
          {},
          plain);
    }
  }

  std::size_t
  index_of(const Rule& rule) const
  {
    return static_cast<std::size_t>(&rule - m_config.rules.data());
  }

  // Duplicates, shadowed rules and ties decided only by the alphabetical tie-break.
  void
  check_rule_set()
  {
    const auto& rules = m_config.rules;
    std::vector<Pattern> patterns;
    patterns.reserve(rules.size());
    for (const Rule& rule : rules) {
      patterns.push_back(rule.pattern);
    }
    const std::vector<std::size_t> order = priority_order(patterns);
    m_rank.assign(rules.size(), 0);
    for (std::size_t r = 0; r < order.size(); ++r) {
      m_rank[order[r]] = r;
    }
    std::vector<bool> removed(rules.size(), false);
    // Duplicates: the lower-priority one never applies.
    std::map<std::string, std::size_t> first_of;
    for (std::size_t index : order) {
      std::string signature;
      for (const auto& segment : rules[index].pattern.segments()) {
        signature += "/" + segment_signature(segment);
      }
      auto [it, fresh] = first_of.emplace(signature, index);
      if (!fresh) {
        const Rule& winner = rules[it->second];
        add("duplicate-pattern",
            rule_span(rules[index]),
            fmt::format("`{}` matches exactly the same URLs as `{}` (e.g. `{}`), which wins; this "
                        "rule never applies",
                        rules[index].pattern.source(),
                        winner.pattern.source(),
                        request_path(automaton(index).example())),
            {RelatedSpan{rule_span(winner), "the rule that wins"}});
        removed[index] = true;
      }
    }
    SegmentTrie trie;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (!removed[i]) {
        trie.insert(rules[i].pattern, i);
      }
    }
    RE2::Options re_options;
    re_options.set_log_errors(false);
    std::map<std::size_t, std::unique_ptr<RE2>> regexes;
    auto regex = [&](std::size_t i) -> const RE2& {
      auto& slot = regexes[i];
      if (!slot) {
        slot = std::make_unique<RE2>(rules[i].pattern.regex(m_config.trailing_slash), re_options);
      }
      return *slot;
    };
    for (std::size_t index : order) {
      if (removed[index]) {
        continue;
      }
      std::vector<std::size_t> above;
      for (std::size_t a : trie.overlapping(rules[index].pattern)) {
        if (a != index && m_rank[a] < m_rank[index] && !removed[a]) {
          above.push_back(a);
        }
      }
      std::sort(above.begin(), above.end(), [&](std::size_t x, std::size_t y) {
        return m_rank[x] < m_rank[y];
      });
      const Rule& loser = rules[index];
      const std::string example = automaton(index).example();
      for (std::size_t a : above) {
        const Rule& winner = rules[a];
        // Shadowed: `a` must at least match this rule's own example before inclusion is decided.
        if (RE2::FullMatch(example, regex(a)) &&
            !PatternAutomaton::path_only_in(automaton(index), automaton(a))) {
          add("shadowed-rule",
              rule_span(loser),
              fmt::format("`{}` never applies: `{}` has higher priority and matches every URL it "
                          "matches (e.g. `{}`)",
                          loser.pattern.source(),
                          winner.pattern.source(),
                          request_path(example)),
              {RelatedSpan{rule_span(winner), "the rule that wins"}});
          removed[index] = true;
          break;
        }
        const PriorityDecision decision = compare_priority(winner.pattern, loser.pattern);
        if (decision.reason != PriorityReason::route_text &&
            decision.reason != PriorityReason::equal) {
          continue;
        }
        if (const auto common = PatternAutomaton::common_path(automaton(a), automaton(index))) {
          add("ambiguous-priority",
              rule_span(loser),
              fmt::format("`{}` and `{}` both match `{}`; `{}` wins only because it sorts first "
                          "alphabetically",
                          loser.pattern.source(),
                          winner.pattern.source(),
                          request_path(*common),
                          winner.pattern.source()),
              {RelatedSpan{rule_span(winner), "the rule that wins"}});
        }
      }
    }
  }

  // True when `options` keep a response out of shared caches.
  static bool
  opts_out(const CacheOptions& options)
  {
    return options.cache == false || options.private_ == true ||
           (options.bypass && !options.bypass->empty());
  }

  // Opt-out pages reachable by spellings that origins often serve as the same page while a
  // cacheable rule wins them here (web cache deception).
  void
  check_cache_deception()
  {
    if (m_config.rules.empty()) {
      return;
    }
    const ReferenceMatcher matcher(m_config);
    for (std::size_t i = 0; i < m_config.rules.size(); ++i) {
      const Rule& rule = m_config.rules[i];
      if (!opts_out(rule.options)) {
        continue;
      }
      std::string page = automaton(i).example();
      if (page.size() > 1 && page.back() == '/') {
        page.pop_back();
      }
      for (const char* suffix :
           {"/cachectl-probe.css", ";cachectl-probe.css", "%2Fcachectl-probe.css"}) {
        std::string probe =
            page == "/" ? std::string(suffix).substr(suffix[0] == '/' ? 0 : 1) : page + suffix;
        if (m_config.trailing_slash == TrailingSlash::always) {
          probe += '/';
        }
        const auto winner = matcher.match(probe);
        if (!winner || winner->rule == i) {
          continue;
        }
        const Rule& other = m_config.rules[winner->rule];
        // The classic vectors: rules that take anything (a rest) or anything static-looking (a
        // file extension). A plain `[param]` winner is left alone.
        static const RE2 extension(R"(.*\.[A-Za-z0-9]{1,8})");
        const auto& last =
            other.pattern.segments().empty() ? PatternSegment{} : other.pattern.segments().back();
        const bool catch_all =
            std::any_of(other.pattern.segments().begin(),
                        other.pattern.segments().end(),
                        [](const PatternSegment& seg) {
                          return std::any_of(seg.begin(), seg.end(), [](const PatternPart& part) {
                            return part.kind == PatternPart::Kind::rest;
                          });
                        });
        const bool by_extension = !last.empty() && last.back().kind == PatternPart::Kind::text &&
                                  RE2::FullMatch(last.back().text, extension);
        if ((!catch_all && !by_extension) || opts_out(merge(m_config.defaults, other.options))) {
          continue;
        }
        add("cache-deception",
            rule_span(rule),
            fmt::format(
                "`{}` opts out of caching, but `{}` (which many origins serve as `{}`) matches "
                "`{}`, which caches it: a web cache deception risk",
                rule.pattern.source(),
                request_path(probe),
                request_path(page),
                other.pattern.source()),
            {RelatedSpan{rule_span(other), "the cacheable rule that wins"}});
        break;
      }
    }
  }

  // Notes when `/` or some other URL matches no rule.
  void
  check_coverage()
  {
    if (m_config.rules.empty()) {
      return;
    }
    const ReferenceMatcher matcher(m_config);
    if (!matcher.match("/")) {
      add("no-root-rule",
          span({}, {}),
          fmt::format("no rule matches `{}`; it gets no cache policy", request_path("/")));
    }
    // Probe paths of the shape the trailing-slash mode serves.
    const bool slash = m_config.trailing_slash == TrailingSlash::always;
    for (std::string path : {"/zz-no-rule", "/zz/no/rule"}) {
      if (slash) {
        path += '/';
      }
      if (!matcher.match(path)) {
        add("no-catch-all",
            span({}, {}),
            fmt::format("some URLs match no rule (e.g. `{}`); add a catch-all such as "
                        "[routes.\"/[...rest]\"] to give every page a policy",
                        request_path(path)));
        break;
      }
    }
  }

  // Checks the tags and Vary of [defaults] once (option semantics are checked per rule, on the
  // effective options, and reported at [defaults] when they come from there).
  void
  check_defaults()
  {
    check_tag_syntax(nullptr, m_config.defaults.tags, m_config.defaults.tags);
    if (m_config.defaults.vary) {
      check_vary(nullptr, *m_config.defaults.vary);
    }
  }

  void
  check_rule_options(const Rule& rule)
  {
    const CacheOptions& own = rule.options;
    if (own.cache == false) {
      for (const auto& [name, place] : rule.key_pos) {
        if (name != "cache" && !name.starts_with("bypass")) {
          add("ignored-options",
              span(place.key, place.key_end),
              fmt::format("`{}` is ignored: `{}` sets `cache = false`, which opts out of caching",
                          name,
                          rule.pattern.source()));
        }
      }
      return;
    }
    const CacheOptions effective = merge(m_config.defaults, own);
    check_semantics(&rule, effective);
    // Tag templates must name the rule's parameters.
    const auto& params = rule.pattern.param_names();
    for (const auto& tag : effective.tags) {
      for (const auto& name : template_names(tag)) {
        if (std::find(params.begin(), params.end(), name) != params.end()) {
          continue;
        }
        const bool own_tag = std::find(own.tags.begin(), own.tags.end(), tag) != own.tags.end();
        std::string closest;
        std::size_t best = 3;
        for (const auto& p : params) {
          const std::size_t d = edit_distance(name, p, 2);
          if (d < best) {
            best = d;
            closest = p;
          }
        }
        add("unknown-tag-param",
            own_tag ? option_span(&rule, "tags", true) : option_span(nullptr, "tags", true),
            fmt::format("tag `{}` uses `{{{}}}`, but `{}` has no parameter `{}`{}",
                        tag,
                        name,
                        rule.pattern.source(),
                        name,
                        params.empty() ? "" : fmt::format(" (it has {})", fmt::join(params, ", "))),
            {},
            closest.empty() ? std::string() : "{" + closest + "}");
      }
    }
    check_tag_syntax(&rule, own.tags, effective.tags);
    if (own.vary) {
      check_vary(&rule, *own.vary);
    }
  }

  // Option combinations that do not do what they seem to.
  void
  check_semantics(const Rule* rule, const CacheOptions& o)
  {
    // Problems located in [defaults] are reported once there, without naming a rule.
    auto where_for = [&](std::string_view name) {
      return rule != nullptr && rule->key_pos.contains(std::string(name))
                 ? fmt::format(" for `{}`", rule->pattern.source())
                 : std::string();
    };
    if ((o.swr || o.stale_if_error) && !o.max_age) {
      const char* name = o.swr ? "swr" : "stale_if_error";
      add("stale-without-max-age",
          option_span(rule, name),
          fmt::format("`{}` has no effect without `max_age`{}: stale directives extend a freshness "
                      "lifetime",
                      name,
                      where_for(name)));
    }
    // must_revalidate is the browser's: it meets the CDN's stale windows only where Cache-Control
    // is also the CDN's header (no provider checked, or one without a CDN-only header).
    const bool shared_cache_control =
        m_providers.empty() ||
        std::any_of(m_providers.begin(), m_providers.end(), [](const ProviderInfo* p) {
          return p->headers.style == CdnTtlStyle::s_maxage ||
                 p->headers.style == CdnTtlStyle::accel_expires;
        });
    if ((o.swr || o.stale_if_error) && o.must_revalidate == true && shared_cache_control) {
      add("swr-with-must-revalidate",
          option_span(rule, "must_revalidate"),
          fmt::format("`must_revalidate` forbids serving stale responses, so `{}` is ignored{}",
                      o.swr ? "swr" : "stale_if_error",
                      where_for("must_revalidate")));
    }
    if (o.status_max_age) {
      // A status entry for a status `statuses` does not cache is never used.
      const auto& cached = o.statuses ? *o.statuses : default_statuses();
      for (const auto& [status, ttl] : *o.status_max_age) {
        const bool used = std::any_of(cached.begin(), cached.end(), [&](std::int64_t code) {
          return status.ends_with("xx") ? fmt::format("{}xx", code / 100) == status
                                        : fmt::format("{}", code) == status;
        });
        if (!used) {
          add("status-not-cached",
              option_span(rule, "status." + status),
              fmt::format("status.\"{}\" = {} is never used{}: `statuses` does not cache {}; "
                          "those responses get no-store",
                          status,
                          ttl,
                          where_for("status." + status),
                          status.ends_with("xx") ? "any status of that class" : "that status"));
        }
      }
    }
    if (o.immutable == true) {
      const std::int64_t ttl = std::max(o.max_age.value_or(0), o.browser_max_age.value_or(0));
      if (ttl < 86400) {
        add("immutable-short-ttl",
            option_span(rule, "immutable"),
            fmt::format(
                "`immutable` with a TTL of {} s{}: immutable is for content that never changes "
                "at its URL, usually cached for a year",
                ttl,
                where_for("immutable")));
      }
    }
    if (o.browser_max_age && o.max_age && *o.browser_max_age > *o.max_age) {
      add("browser-ttl-exceeds-cdn-ttl",
          option_span(rule, "browser_max_age"),
          fmt::format(
              "`browser_max_age` ({} s) is longer than `max_age` ({} s){}: browsers keep the "
              "response after the CDN has dropped it, out of reach of purges",
              *o.browser_max_age,
              *o.max_age,
              where_for("browser_max_age")));
    }
    if (o.methods) {
      for (const auto& method : *o.methods) {
        const bool token = !method.empty() && std::all_of(method.begin(), method.end(), is_tchar);
        const bool upper =
            std::none_of(method.begin(), method.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (!token || !upper) {
          std::string fixed = method;
          std::transform(fixed.begin(), fixed.end(), fixed.begin(), [](unsigned char c) {
            return static_cast<char>(std::toupper(c));
          });
          add("invalid-method",
              option_span(rule, "methods", true),
              fmt::format(
                  "`{}` is not an HTTP method (methods are case-sensitive tokens such as GET)",
                  method),
              {},
              token ? fixed : std::string());
        } else if (method != "GET" && method != "HEAD") {
          add("uncacheable-method",
              option_span(rule, "methods", true),
              fmt::format("responses to {} are not cached by shared caches{}",
                          method,
                          where_for("methods")));
        }
      }
    }
    if (o.statuses) {
      for (std::int64_t status : *o.statuses) {
        if (status < 200 || status == 304) {
          add("uncacheable-status",
              option_span(rule, "statuses", true),
              fmt::format("status {} is never stored: {}",
                          status,
                          status == 304 ? "a 304 only updates a stored response"
                                        : "1xx responses are not final"));
        }
      }
    }
    if (o.last_modified && !parse_timestamp(*o.last_modified)) {
      add("invalid-value",
          option_span(rule, "last_modified", true),
          fmt::format("`last_modified` must be an RFC 3339 date-time (2024-05-01T10:00:00Z) or an "
                      "IMF-fixdate (Wed, 01 May 2024 10:00:00 GMT), not `{}`",
                      *o.last_modified));
    }
    if (o.etag) {
      static const RE2 etag(R"((W/)?"[\x21\x23-\x7E\x80-\xFF]*")");
      if (!RE2::FullMatch(*o.etag, etag)) {
        add("invalid-value",
            option_span(rule, "etag", true),
            fmt::format(
                "`etag` must be a quoted entity tag such as `\"v1\"` or `W/\"v1\"`, not `{}`",
                *o.etag),
            {},
            o.etag->find('"') == std::string::npos ? fmt::format("\"{}\"", *o.etag)
                                                   : std::string());
      }
    }
    for (const ProviderInfo* provider : m_providers) {
      if (provider->max_ttl != 0 && o.max_age && *o.max_age > provider->max_ttl) {
        add("ttl-above-provider-cap",
            option_span(rule, "max_age", true),
            fmt::format("{} honours TTLs up to {} s; `max_age = {}`{} is capped",
                        provider->display,
                        provider->max_ttl,
                        *o.max_age,
                        where_for("max_age")));
      }
    }
  }

  // Tag characters and limits: space and comma are refused everywhere (portability), the rest
  // per checked provider. `own` are the tags written in this table, `all` the effective ones.
  void
  check_tag_syntax(const Rule* rule,
                   const std::vector<std::string>& own,
                   const std::vector<std::string>& all)
  {
    const SourceSpan tags_at = option_span(rule, "tags", true);
    for (const auto& tag : own) {
      const std::string known = static_text(tag);
      if (tag.empty()) {
        add("tag-invalid-character", tags_at, "empty tag");
        continue;
      }
      for (char c : known) {
        if (c == ' ' || c == ',') {
          add("tag-separator",
              tags_at,
              fmt::format(
                  "tag `{}` contains {}, which separates tags ({} in Fastly's Surrogate-Key, "
                  "commas in Cache-Tag and most others)",
                  tag,
                  char_name(c),
                  c == ' ' ? "spaces" : "and commas"));
          break;
        }
      }
      for (const ProviderInfo* provider : m_providers) {
        if (!provider->has_tags) {
          continue;
        }
        const TagSyntax& syntax = provider->tags;
        for (char c : known) {
          if (c != ' ' && c != ',' && !tag_char_accepted(syntax.charset, c)) {
            add("tag-invalid-character",
                tags_at,
                fmt::format("tag `{}` contains {}, which {} does not accept in {}",
                            tag,
                            char_name(c),
                            provider->display,
                            syntax.header));
            break;
          }
        }
        if (syntax.max_tag_length != 0 && known.size() > syntax.max_tag_length) {
          add("tag-too-long",
              tags_at,
              fmt::format("tag `{}…` is {} bytes{}; {} accepts at most {}",
                          tag.substr(0, 24),
                          known.size(),
                          known.size() == tag.size() ? "" : " before its templates expand",
                          provider->display,
                          syntax.max_tag_length));
        }
      }
    }
    if (rule == nullptr) {
      return;
    }
    for (const ProviderInfo* provider : m_providers) {
      if (!provider->has_tags) {
        continue;
      }
      const TagSyntax& syntax = provider->tags;
      if (syntax.max_tags != 0 && all.size() > syntax.max_tags) {
        add("too-many-tags",
            tags_at,
            fmt::format("`{}` sets {} tags; {} accepts at most {}",
                        rule->pattern.source(),
                        all.size(),
                        provider->display,
                        syntax.max_tags));
      }
      std::size_t bytes = 0;
      for (const auto& tag : all) {
        bytes += static_text(tag).size() + (bytes == 0 ? 0 : 1);
      }
      if (syntax.max_header_bytes != 0 && bytes > syntax.max_header_bytes) {
        add("too-many-tags",
            tags_at,
            fmt::format("the tags of `{}` take {} bytes in {}; {} reads at most {}",
                        rule->pattern.source(),
                        bytes,
                        syntax.header,
                        provider->display,
                        syntax.max_header_bytes));
      }
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (std::size_t j = i + 1; j < all.size(); ++j) {
        if (all[i] != all[j] && lowercase(all[i]) == lowercase(all[j])) {
          add("tags-differ-in-case",
              tags_at,
              fmt::format(
                  "tags `{}` and `{}` differ only by case: one tag on Cloudflare and CloudFront, "
                  "two on Akamai and Varnish",
                  all[i],
                  all[j]));
        }
      }
    }
  }

  // Vary values a checked provider ignores or refuses.
  void
  check_vary(const Rule* rule, const std::vector<std::string>& vary)
  {
    const SourceSpan at = option_span(rule, "vary", true);
    for (const auto& header : vary) {
      if (header == "*") {
        add("vary-ignored", at, "`Vary: *` makes responses uncacheable in every cache");
        continue;
      }
      const std::string lower = lowercase(header);
      for (const ProviderInfo* provider : m_providers) {
        auto listed = [&](std::span<const std::string_view> list) {
          return std::any_of(
              list.begin(), list.end(), [&](std::string_view h) { return lowercase(h) == lower; });
        };
        std::string problem;
        switch (provider->vary) {
        case VaryPolicy::honoured:
          break;
        case VaryPolicy::accept_encoding:
          if (lower != "accept-encoding") {
            problem =
                fmt::format("{} ignores `Vary: {}` (it varies only on Accept-Encoding by default); "
                            "every variant shares one cache entry",
                            provider->display,
                            header);
          }
          break;
        case VaryPolicy::listed:
          if (!listed(provider->vary_allowed)) {
            problem = fmt::format("{} does not cache responses that vary on `{}` (only {})",
                                  provider->display,
                                  header,
                                  fmt::join(provider->vary_allowed, ", "));
          }
          break;
        case VaryPolicy::ignored:
          problem =
              fmt::format("{} ignores the Vary header; configure variance in its settings instead",
                          provider->display);
          break;
        }
        if (problem.empty() && listed(provider->vary_refused)) {
          problem =
              fmt::format("{} does not cache responses with `Vary: {}`", provider->display, header);
        }
        if (!problem.empty()) {
          add("vary-ignored", at, problem);
        }
      }
    }
  }

  // Empty or invalid cookie, header and query parameter names.
  void
  check_bypass(const BypassRules& bypass,
               const std::map<std::string, KeyPlace>& places,
               std::string_view prefix)
  {
    auto at = [&](std::string_view key) {
      const auto it = places.find(fmt::format("{}{}", prefix, key));
      return it == places.end() ? span({}, {}) : span(it->second.value, it->second.value_end);
    };
    for (const auto& cookie : bypass.cookies) {
      std::string_view name = cookie;
      if (name.ends_with('*')) {
        name.remove_suffix(1);
      }
      if (cookie.empty() || (!name.empty() && !std::all_of(name.begin(), name.end(), is_tchar))) {
        add("invalid-bypass",
            at("cookies"),
            cookie.empty()
                ? std::string("empty cookie name")
                : fmt::format("`{}` is not a cookie name (RFC 6265 token; `*` only at the end)",
                              cookie));
      }
    }
    for (const auto& header : bypass.headers) {
      if (header.empty() || !std::all_of(header.begin(), header.end(), is_tchar)) {
        add("invalid-bypass",
            at("headers"),
            header.empty() ? std::string("empty header name")
                           : fmt::format("`{}` is not a header name (RFC 9110 token)", header));
      }
    }
    for (const auto& param : bypass.query_params) {
      if (param.empty()) {
        add("invalid-bypass", at("query"), "empty query parameter name");
      }
    }
  }

  // Required settings, id shapes, token_env names and literal secrets of [providers.*].
  void
  check_providers()
  {
    static const RE2 env_name("[A-Za-z_][A-Za-z0-9_]*");
    for (const ProviderSettings& settings : m_config.providers) {
      const ProviderInfo* info = find_provider(settings.name);
      const SourceSpan table_at =
          span(settings.pos,
               SourcePos{settings.pos.line,
                         settings.pos.column + static_cast<std::uint32_t>(settings.name.size())});
      auto value_at = [&](const std::string& key) {
        const KeyPlace& p = settings.key_pos.at(key);
        return span(p.value, p.value_end);
      };
      auto key_at = [&](const std::string& key) {
        const KeyPlace& p = settings.key_pos.at(key);
        return span(p.key, p.key_end);
      };
      std::set<std::string> ids;
      if (info != nullptr) {
        for (const RequiredSetting& required : info->required) {
          const std::string key(required.key);
          ids.insert(key);
          const bool present = settings.values.contains(key) || settings.lists.contains(key);
          if (!present) {
            add("missing-provider-setting",
                table_at,
                fmt::format("[providers.{}] lacks `{}` ({}), which purging needs",
                            settings.name,
                            key,
                            required.shape_text));
            continue;
          }
          if (settings.lists.contains(key) && settings.lists.at(key).empty()) {
            add("missing-provider-setting",
                value_at(key),
                fmt::format("`{}` is empty; purging needs {}", key, required.shape_text));
            continue;
          }
          if (settings.values.contains(key) && !required.shape.empty() &&
              !RE2::FullMatch(settings.values.at(key), RE2(required.shape))) {
            add("malformed-id",
                value_at(key),
                fmt::format(
                    "`{}` of [providers.{}] must be {}", key, settings.name, required.shape_text));
          }
        }
      }
      for (const auto& [key, value] : settings.values) {
        if (key == "token_env") {
          const bool secret = looks_like_secret(value);
          if (secret || !RE2::FullMatch(value, env_name)) {
            add(secret ? "literal-secret" : "invalid-env-name",
                key_at(key),
                secret
                    ? std::string("`token_env` holds what looks like a token, not the name of an "
                                  "environment variable; never write secrets into the file")
                    : std::string(
                          "`token_env` must name an environment variable (letters, digits, _)"));
          }
          continue;
        }
        if (!ids.contains(key) && looks_like_secret(value)) {
          add("literal-secret",
              key_at(key),
              fmt::format(
                  "the value of `{}` looks like a secret; secrets only come from the environment "
                  "(name the variable with `token_env`)",
                  key));
        }
      }
    }
  }

  const Config& m_config;
  std::vector<Diagnostic> m_diagnostics;
  std::vector<const ProviderInfo*> m_providers;
  std::vector<std::size_t> m_rank;
  std::map<std::size_t, PatternAutomaton> m_automata;
  std::set<std::string> m_reported;
};

} // namespace

std::vector<Diagnostic>
validate(const LoadedConfig& loaded, const ValidateOptions& options)
{
  return Validator(loaded, options).run();
}

} // namespace cachectl
