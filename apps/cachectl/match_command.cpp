// `cachectl match`: which rule a URL hits, with which params and options, and why.
#include "cli.hpp"
#include "render.hpp"
#include "url_input.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/config/origins.hpp>
#include <cachectl/match/compiled_matcher.hpp>
#include <cachectl/match/matcher.hpp>
#include <cachectl/match/nearest_miss.hpp>
#include <cachectl/util/json_writer.hpp>

#include <fmt/format.h>

#include <iterator>
#include <nlohmann/json.hpp>

namespace cachectl::cli {

namespace {

struct MatchOptions {
  std::vector<std::string> urls;
  bool explain = false;
  std::string format = "text";
};

// The options that are set, in key-table order, as JSON values.
std::vector<std::pair<std::string_view, Json>>
option_values(const CacheOptions& o)
{
  std::vector<std::pair<std::string_view, Json>> out;
  for (const KeySpec& key : config_keys()) {
    if (key.scope != KeyScope::options) {
      continue;
    }
    const std::string_view n = key.name;
    Json value;
    if (n == "cache") {
      value = o.cache.value_or(true);
    } else if (n == "max_age" && o.max_age) {
      value = *o.max_age;
    } else if (n == "swr" && o.swr) {
      value = *o.swr;
    } else if (n == "stale_if_error" && o.stale_if_error) {
      value = *o.stale_if_error;
    } else if (n == "browser_max_age" && o.browser_max_age) {
      value = *o.browser_max_age;
    } else if (n == "browser_swr" && o.browser_swr) {
      value = *o.browser_swr;
    } else if (n == "browser_stale_if_error" && o.browser_stale_if_error) {
      value = *o.browser_stale_if_error;
    } else if (n == "browser_no_cache" && o.browser_no_cache) {
      value = *o.browser_no_cache;
    } else if (n == "public" && o.public_) {
      value = *o.public_;
    } else if (n == "negative_max_age" && o.negative_max_age) {
      value = *o.negative_max_age;
    } else if (n == "status" && o.status_max_age) {
      value = *o.status_max_age;
    } else if (n == "cache_key" && o.cache_key) {
      value = Json::object();
      if (o.cache_key->query) {
        value["query"] = *o.cache_key->query;
      }
      value["cookies"] = o.cache_key->cookies;
      value["headers"] = o.cache_key->headers;
    } else if (n == "immutable" && o.immutable) {
      value = *o.immutable;
    } else if (n == "must_revalidate" && o.must_revalidate) {
      value = *o.must_revalidate;
    } else if (n == "private" && o.private_) {
      value = *o.private_;
    } else if (n == "tags" && !o.tags.empty()) {
      value = o.tags;
    } else if (n == "vary" && o.vary) {
      value = *o.vary;
    } else if (n == "methods" && o.methods) {
      value = *o.methods;
    } else if (n == "statuses" && o.statuses) {
      value = *o.statuses;
    } else if (n == "last_modified" && o.last_modified) {
      value = *o.last_modified;
    } else if (n == "etag" && o.etag) {
      value = *o.etag;
    } else if (n == "bypass" && o.bypass) {
      const BypassRules& b = *o.bypass;
      value = Json::object();
      value["cookies"] = b.cookies;
      value["headers"] = b.headers;
      value["query"] = b.query == BypassRules::Query::listed ? Json(b.query_params)
                       : b.query == BypassRules::Query::any  ? Json("any")
                                                             : Json("never");
    }
    if (!value.is_null()) {
      out.emplace_back(n, std::move(value));
    }
  }
  return out;
}

// Terminal columns of printable UTF-8 text (one per code point).
std::size_t
display_width(std::string_view text)
{
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string
position_text(const Config& config, SourcePos pos)
{
  return fmt::format("{}:{}:{}", config.file, pos.line, pos.column);
}

// Why `loser` (which also matches) did not win against `winner`.
std::string
lost_because(const Config& config, const RuleMatch& winner, const RuleMatch& loser)
{
  const Pattern& w = config.rules[winner.rule].pattern;
  const Pattern& l = config.rules[loser.rule].pattern;
  const PriorityDecision decision = compare_priority(w, l);
  if (decision.order < 0) {
    return describe(decision, w, l);
  }
  if (decision.order == 0) {
    return "equal priority; the rule written first in the file wins";
  }
  // Only possible where Astro's comparator is not a consistent order (a rest mixed into a
  // segment): the sort placed it later although this pair alone would say otherwise.
  return fmt::format("placed after it by the priority sort (this pair alone would order "
                     "them the other way: {})",
                     describe(decision, l, w));
}

// Renders one input in the chosen format.
class Renderer {
public:
  Renderer(const Config& config,
           const RuleMatcher& matcher,
           const MatchOptions& opts,
           const Terminal& out)
      : m_config(config)
      , m_matcher(matcher)
      , m_opts(opts)
      , m_out(out)
      , m_origins(config)
      , m_rules(config.rules.size())
  {
  }

  // Resolves and renders one input; returns false when it did not match a rule.
  bool
  render(std::string_view input, std::size_t bytes)
  {
    resolve_into(m_config, m_matcher, input, m_resolution);
    const Resolution& r = m_resolution;
    const std::string_view echoed = redacted_input(input, bytes, m_echoed);
    if (m_opts.format == "json" && !m_opts.explain) {
      json_stream_line(echoed, r);
    } else if (m_opts.format == "json") {
      // Invalid UTF-8 in the echoed input becomes U+FFFD rather than aborting.
      m_buffer += json_line(echoed, r).dump(-1, ' ', false, Json::error_handler_t::replace);
      m_buffer += '\n';
    } else if (m_opts.format == "tsv") {
      tsv_line(echoed, r);
    } else {
      text_block(echoed, r);
    }
    ++m_count;
    if (m_buffer.size() >= 1 << 16) {
      flush();
    }
    return r.kind == Resolution::Kind::matched;
  }

  // Writes buffered output.
  void
  flush()
  {
    m_out.write(m_buffer);
    m_buffer.clear();
    m_out.flush();
  }

private:
  // What stays the same for every URL a rule matches, rendered once.
  struct RuleCache {
    bool ready = false;
    bool static_options = false; ///< no tag depends on the URL's params
    std::string json_rule;       ///< the "rule" value (a JSON string)
    std::string json_source;     ///< the "source" value
    std::string json_options;    ///< the "options" value, when static_options
    std::string text_rule;       ///< the text "rule" field line
    std::string text_options;    ///< the text "options" field line, when static_options
  };

  const RuleCache&
  rule_cache(std::size_t index)
  {
    RuleCache& c = m_rules[index];
    if (c.ready) {
      return c;
    }
    const Rule& rule = m_config.rules[index];
    c.json_rule = Json(rule.pattern.source()).dump(-1, ' ', false, Json::error_handler_t::replace);
    c.json_source = source_json(rule.pos).dump(-1, ' ', false, Json::error_handler_t::replace);
    c.text_rule =
        field("rule",
              fmt::format(
                  "{}  {}",
                  m_out.paint(Style::green, printable(rule.pattern.source())),
                  m_out.paint(Style::dim, fmt::format("({})", position_text(m_config, rule.pos)))));
    // The options are the same for every URL unless a tag has a {param} to fill in.
    const CacheOptions merged = merge(m_config.defaults, rule.options);
    c.static_options =
        std::none_of(merged.tags.begin(),
                     merged.tags.end(),
                     [](const std::string& tag) { return tag.find('{') != std::string::npos; }) &&
        expand_page_tags(merged.tags, {}, {}) == merged.tags;
    if (c.static_options) {
      c.json_options = options_json(merged).dump(-1, ' ', false, Json::error_handler_t::replace);
      c.text_options = options_text(merged);
    }
    c.ready = true;
    return c;
  }

  static Json
  options_json(const CacheOptions& options)
  {
    Json out = Json::object();
    for (auto& [name, value] : option_values(options)) {
      out[std::string(name)] = std::move(value);
    }
    return out;
  }

  std::string
  options_text(const CacheOptions& options) const
  {
    std::string line;
    for (const auto& [name, value] : option_values(options)) {
      line += fmt::format("{}{}={}", line.empty() ? "" : " ", name, printable(toml_text(value)));
    }
    return field("options", line);
  }

  // One JSON Lines record written as it goes, byte for byte what json_line() would dump
  // (without --explain, which takes the document path).
  void
  json_stream_line(std::string_view echoed, const Resolution& r)
  {
    JsonWriter w(m_buffer);
    w.begin_object();
    w.key("input");
    w.string(echoed);
    w.key("status");
    w.string(status_name(r.kind));
    const bool valid = r.kind != Resolution::Kind::invalid;
    w.key("path");
    valid ? w.string(r.url.path) : w.null();
    if (const auto note = m_origins.note(r.url)) {
      w.key("host_note");
      w.string(*note);
    }
    w.key("relative_path");
    r.kind == Resolution::Kind::matched || r.kind == Resolution::Kind::unmatched ? w.string(r.path)
                                                                                 : w.null();
    w.key("query");
    valid&& r.url.has_query ? w.string(r.url.query) : w.null();
    if (r.match) {
      const RuleCache& c = rule_cache(r.match->rule);
      w.key("rule");
      w.raw(c.json_rule);
      w.key("source");
      w.raw(c.json_source);
      w.key("params");
      // A name captured twice keeps its first place and its last value, as in a JSON object.
      if (has_repeated_name(r.match->params)) {
        Json params = Json::object();
        for (const auto& [name, value] : r.match->params) {
          params[name] = value;
        }
        w.raw(params.dump(-1, ' ', false, Json::error_handler_t::replace));
      } else {
        w.begin_object();
        for (const auto& [name, value] : r.match->params) {
          w.key(name);
          w.string(value);
        }
        w.end_object();
      }
      w.key("options");
      if (c.static_options) {
        w.raw(c.json_options);
      } else {
        w.raw(options_json(effective_options(m_config, *r.match))
                  .dump(-1, ' ', false, Json::error_handler_t::replace));
      }
    } else {
      w.key("rule");
      w.null();
      w.key("source");
      w.null();
      w.key("params");
      w.raw("{}");
      w.key("options");
      w.null();
    }
    w.key("location");
    r.kind == Resolution::Kind::redirect ? w.string(r.location) : w.null();
    w.key("error");
    if (valid) {
      w.null();
    } else {
      w.begin_object();
      w.key("message");
      w.string(r.error.message);
      w.key("offset");
      w.number(static_cast<std::int64_t>(r.error.offset));
      w.end_object();
    }
    w.end_object();
    m_buffer += '\n';
  }

  static bool
  has_repeated_name(const std::vector<std::pair<std::string, std::string>>& params)
  {
    for (std::size_t i = 1; i < params.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (params[i].first == params[j].first) {
          return true;
        }
      }
    }
    return false;
  }

  Json
  source_json(SourcePos pos) const
  {
    return Json{{"file", m_config.file}, {"line", pos.line}, {"column", pos.column}};
  }

  Json
  json_line(std::string_view echoed, const Resolution& r) const
  {
    Json j;
    j["input"] = echoed;
    j["status"] = status_name(r.kind);
    const bool valid = r.kind != Resolution::Kind::invalid;
    j["path"] = valid ? Json(r.url.path) : Json(nullptr);
    if (const auto note = m_origins.note(r.url)) {
      j["host_note"] = *note;
    }
    j["relative_path"] =
        r.kind == Resolution::Kind::matched || r.kind == Resolution::Kind::unmatched
            ? Json(r.path)
            : Json(nullptr);
    j["query"] = valid && r.url.has_query ? Json(r.url.query) : Json(nullptr);
    if (r.match) {
      const Rule& rule = m_config.rules[r.match->rule];
      j["rule"] = rule.pattern.source();
      j["source"] = source_json(rule.pos);
      Json params = Json::object();
      for (const auto& [name, value] : r.match->params) {
        params[name] = value;
      }
      j["params"] = std::move(params);
      Json options = Json::object();
      for (auto& [name, value] : option_values(effective_options(m_config, *r.match))) {
        options[std::string(name)] = std::move(value);
      }
      j["options"] = std::move(options);
    } else {
      j["rule"] = nullptr;
      j["source"] = nullptr;
      j["params"] = Json::object();
      j["options"] = nullptr;
    }
    j["location"] = r.kind == Resolution::Kind::redirect ? Json(r.location) : Json(nullptr);
    j["error"] =
        valid ? Json(nullptr) : Json{{"message", r.error.message}, {"offset", r.error.offset}};
    if (m_opts.explain) {
      Json steps = Json::array();
      for (const auto& step : r.url.steps) {
        steps.push_back({{"step", step.what}, {"result", step.result}});
      }
      j["steps"] = std::move(steps);
      Json candidates = Json::array();
      if (r.match) {
        const auto all = m_matcher.match_all(r.path);
        for (std::size_t i = 1; i < all.size(); ++i) {
          const Rule& rule = m_config.rules[all[i].rule];
          candidates.push_back({{"rule", rule.pattern.source()},
                                {"source", source_json(rule.pos)},
                                {"lost_because", lost_because(m_config, *r.match, all[i])}});
        }
      }
      j["candidates"] = std::move(candidates);
      const auto miss = r.match ? std::nullopt : nearest_miss(m_config, m_matcher, r);
      j["nearest_miss"] = miss ? Json{{"rule", m_config.rules[miss->rule].pattern.source()},
                                      {"source", source_json(m_config.rules[miss->rule].pos)},
                                      {"reason", miss->reason}}
                               : Json(nullptr);
    }
    return j;
  }

  // Appends `text` as a TSV cell: tabs and line breaks would break the columns, so they
  // become spaces; then printable().
  void
  append_cell(std::string_view text)
  {
    if (text.find_first_of("\t\n\r") == std::string_view::npos) {
      append_printable(m_buffer, text);
      return;
    }
    std::string out(text);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    append_printable(m_buffer, out);
  }

  void
  tsv_line(std::string_view echoed, const Resolution& r)
  {
    // One row per input: input, status, path, rule, params (`name=value;…`, `-` for none).
    append_cell(echoed);
    m_buffer += '\t';
    m_buffer += status_name(r.kind);
    m_buffer += '\t';
    m_buffer += r.kind == Resolution::Kind::invalid ? std::string_view("-") : r.url.path;
    m_buffer += '\t';
    append_cell(r.match ? std::string_view(m_config.rules[r.match->rule].pattern.source()) : "-");
    m_buffer += '\t';
    if (!r.match || r.match->params.empty()) {
      m_buffer += '-';
    } else {
      bool first = true;
      for (const auto& [name, value] : r.match->params) {
        if (!first) {
          m_buffer += ';';
        }
        m_buffer += name;
        m_buffer += '=';
        m_buffer += value;
        first = false;
      }
    }
    m_buffer += '\n';
  }

  // Why Astro redirects this path before any rule applies.
  std::string
  redirect_note(const Resolution& r) const
  {
    if (r.url.path.starts_with("//")) {
      return fmt::format("Astro answers 301 to {} (a path starting with //); no rule applies",
                         r.location);
    }
    return fmt::format("Astro answers 301 to {} (trailing_slash = \"{}\"); no rule applies",
                       r.location,
                       to_string(m_config.trailing_slash));
  }

  // Appends `label` painted and padded to the value's column.
  void
  append_label(std::string_view label)
  {
    m_out.append_painted(m_buffer, Style::bold, label);
    m_buffer.append(9 - label.size(), ' ');
  }

  // `label` padded, painted, followed by the value.
  std::string
  field(std::string_view label, std::string_view value) const
  {
    return fmt::format(
        "{}{:<{}}{}\n", m_out.paint(Style::bold, label), "", 9 - label.size(), value);
  }

  void
  text_block(std::string_view echoed, const Resolution& r)
  {
    if (m_count > 0) {
      m_buffer += '\n';
    }
    append_label("input");
    append_printable(m_buffer, echoed);
    m_buffer += '\n';
    if (m_opts.explain) {
      for (const auto& step : r.url.steps) {
        m_buffer += fmt::format("         {}: {}\n", step.what, step.result);
      }
    }
    if (r.kind == Resolution::Kind::invalid) {
      m_buffer += field("error", m_out.paint(Style::red, r.error.message));
      return;
    }
    append_label("path");
    m_buffer += r.url.path;
    m_buffer += '\n';
    if (const auto note = m_origins.note(r.url)) {
      m_buffer += field("host", m_out.paint(Style::yellow, *note));
    }
    if (r.url.has_query && m_opts.explain) {
      m_buffer += field("query", r.url.query);
    }
    if (m_config.base != "/" && (m_opts.explain || r.kind != Resolution::Kind::matched)) {
      std::string note;
      if (r.kind == Resolution::Kind::outside_base) {
        note = ": the path is outside the base; no rule applies";
      } else if (r.kind != Resolution::Kind::redirect) {
        note = fmt::format(": rules see {}", r.path);
      }
      m_buffer += field("base", m_config.base + note);
    }
    if (r.kind == Resolution::Kind::redirect) {
      m_buffer += field("redirect", redirect_note(r));
    }
    if (!r.match) {
      if (r.kind == Resolution::Kind::unmatched) {
        const std::size_t n = m_config.rules.size();
        m_buffer += field("rule",
                          m_out.paint(Style::yellow,
                                      n == 1 ? std::string("(the only rule does not match)")
                                             : fmt::format("(none of the {} rules matches)", n)));
      }
      if (m_opts.explain) {
        if (const auto miss = nearest_miss(m_config, m_matcher, r)) {
          const Rule& near = m_config.rules[miss->rule];
          m_buffer += fmt::format(
              "{}{}  {}\n           why: {}\n",
              m_out.paint(Style::bold, "nearest  "),
              printable(near.pattern.source()),
              m_out.paint(Style::dim, fmt::format("({})", position_text(m_config, near.pos))),
              printable(miss->reason));
        }
      }
      return;
    }
    const Rule& rule = m_config.rules[r.match->rule];
    const RuleCache& cached = rule_cache(r.match->rule);
    m_buffer += cached.text_rule;
    append_label("params");
    if (r.match->params.empty()) {
      m_buffer += "(none)";
    }
    bool first_param = true;
    for (const auto& [name, value] : r.match->params) {
      if (!first_param) {
        m_buffer += ' ';
      }
      m_buffer += name;
      m_buffer += '=';
      m_buffer += value;
      first_param = false;
    }
    m_buffer += '\n';
    if (!m_opts.explain) {
      m_buffer += cached.static_options ? cached.text_options
                                        : options_text(effective_options(m_config, *r.match));
      return;
    }
    const CacheOptions effective = effective_options(m_config, *r.match);
    const auto values = option_values(effective);
    // --explain: one option per line with where it came from.
    const auto from_rule = option_values(rule.options);
    const auto from_defaults = option_values(m_config.defaults);
    auto has = [](const auto& list, std::string_view name) {
      return std::any_of(list.begin(), list.end(), [&](const auto& e) { return e.first == name; });
    };
    // One column of origins: after the widest `name = value` up to 60 columns; a wider one
    // (a long tag list) puts its origin on the next line, in that column.
    std::vector<std::pair<std::string, std::string_view>> rows;
    std::size_t column = 32;
    for (const auto& [name, value] : values) {
      std::string_view origin = "built-in default";
      if (name == "tags" && has(from_rule, name) && has(from_defaults, name) &&
          rule.options.cache != false) {
        origin = "[defaults] + rule";
      } else if (has(from_rule, name) && (name != "cache" || rule.options.cache)) {
        origin = "rule";
      } else if (has(from_defaults, name) && (name != "cache" || m_config.defaults.cache)) {
        origin = "[defaults]";
      }
      rows.emplace_back(fmt::format("{} = {}", name, printable(toml_text(value))), origin);
      if (const std::size_t width = display_width(rows.back().first); width <= 60) {
        column = std::max(column, width);
      }
    }
    bool first = true;
    for (const auto& [text, origin] : rows) {
      const std::size_t width = display_width(text);
      m_buffer += fmt::format("{}{}{}{}\n",
                              first ? m_out.paint(Style::bold, "options  ") : std::string(9, ' '),
                              text,
                              width <= column ? std::string(column - width + 1, ' ')
                                              : "\n" + std::string(9 + column + 1, ' '),
                              m_out.paint(Style::dim, origin));
      first = false;
    }
    const auto all = m_matcher.match_all(r.path);
    first = true;
    for (std::size_t i = 1; i < all.size(); ++i) {
      const Rule& other = m_config.rules[all[i].rule];
      m_buffer += fmt::format(
          "{}{}  {}\n           lost: {}\n",
          first ? m_out.paint(Style::bold, "also     ") : std::string(9, ' '),
          printable(other.pattern.source()),
          m_out.paint(Style::dim, fmt::format("({})", position_text(m_config, other.pos))),
          lost_because(m_config, *r.match, all[i]));
      first = false;
    }
    if (all.size() <= 1) {
      m_buffer += field("also", "(no other rule matches)");
    }
  }

  const Config& m_config;
  const RuleMatcher& m_matcher;
  Resolution m_resolution; // reused from line to line: no allocation once warm
  const MatchOptions& m_opts;
  const Terminal& m_out;
  const OriginCheck m_origins;
  std::vector<RuleCache> m_rules; ///< by rule index, filled as rules are first matched
  std::string m_buffer;
  std::string m_echoed; ///< the redacted input, when it differs from the input
  std::size_t m_count = 0;
};

int
run_match(const GlobalOptions& globals, const MatchOptions& opts)
{
  const Terminal out(stdout, globals.color);
  const Terminal err(stderr, globals.color);
  if (opts.urls.empty()) {
    print_error(err, "match: no URL given (pass URLs, or '-' to read one per line from stdin)");
    return exit_usage;
  }
  auto config = load_config_or_report(globals, err);
  if (!config) {
    return exit_config;
  }
  const CompiledMatcher matcher(*config);
  Renderer renderer(*config, matcher, opts, out);
  bool all_matched = true;
  const bool read = for_each_url(
      "match",
      opts.urls,
      [&](std::string_view url, std::size_t bytes) {
        all_matched = renderer.render(url, bytes) && all_matched;
      },
      [&] { renderer.flush(); },
      globals.quiet,
      err);
  renderer.flush();
  if (!read) {
    return exit_io;
  }
  return all_matched ? exit_ok : exit_findings;
}

} // namespace

void
setup_match(CLI::App& app, const GlobalOptions& globals, std::function<int()>& action)
{
  auto opts = std::make_shared<MatchOptions>();
  CLI::App* cmd =
      app.add_subcommand("match", "show which rule a URL hits, with its params and options");
  cmd->add_option("urls", opts->urls, "paths or http(s) URLs; '-' reads one per line from stdin")
      ->type_name("URL");
  cmd->add_flag(
      "--explain", opts->explain, "show normalization steps and every other matching rule");
  cmd->add_option(
         "--format", opts->format, "output format: text (default), json (JSON Lines) or tsv")
      ->check(CLI::IsMember({"text", "json", "tsv"}))
      ->type_name("FORMAT");
  cmd->callback([&action, &globals, opts] {
    action = [&globals, opts] { return run_match(globals, *opts); };
  });
}

} // namespace cachectl::cli
