// `cachectl match` text blocks and --explain: normalization steps, the rules that lost and
// why, the nearest miss, and where each option comes from.
#include "match_render.hpp"

#include <cachectl/match/nearest_miss.hpp>

#include <fmt/format.h>

namespace cachectl::cli {

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

Json
MatchRenderer::json_line(std::string_view echoed, const Resolution& r) const
{
  Json j;
  j["input"] = echoed;
  j["status"] = status_name(r.kind);
  const bool valid = r.kind != Resolution::Kind::invalid;
  j["path"] = valid ? Json(r.url.path) : Json(nullptr);
  if (const auto note = m_origins.note(r.url)) {
    j["host_note"] = *note;
  }
  j["relative_path"] = r.kind == Resolution::Kind::matched || r.kind == Resolution::Kind::unmatched
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

std::string
MatchRenderer::redirect_note(const Resolution& r) const
{
  if (r.url.path.starts_with("//")) {
    return fmt::format("Astro answers 301 to {} (a path starting with //); no rule applies",
                       r.location);
  }
  return fmt::format("Astro answers 301 to {} (trailing_slash = \"{}\"); no rule applies",
                     r.location,
                     to_string(m_config.trailing_slash));
}

void
MatchRenderer::append_label(std::string_view label)
{
  m_out.append_painted(m_buffer, Style::bold, label);
  m_buffer.append(9 - label.size(), ' ');
}

std::string
MatchRenderer::field(std::string_view label, std::string_view value) const
{
  return fmt::format("{}{:<{}}{}\n", m_out.paint(Style::bold, label), "", 9 - label.size(), value);
}

void
MatchRenderer::text_block(std::string_view echoed, const Resolution& r)
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

} // namespace cachectl::cli
