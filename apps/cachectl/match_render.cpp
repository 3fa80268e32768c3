// `cachectl match` records: the hot path (streamed JSON Lines, TSV) and the per-rule cache.
#include "match_render.hpp"

#include <cachectl/config/config_keys.hpp>
#include <cachectl/util/json_writer.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cachectl::cli {

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

// Keeps references to what every line shares.
MatchRenderer::MatchRenderer(const Config& config,
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

bool
MatchRenderer::render(std::string_view input, std::size_t bytes)
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

void
MatchRenderer::flush()
{
  m_out.write(m_buffer);
  m_buffer.clear();
  m_out.flush();
}

const MatchRenderer::RuleCache&
MatchRenderer::rule_cache(std::size_t index)
{
  RuleCache& c = m_rules[index];
  if (c.ready) {
    return c;
  }
  const Rule& rule = m_config.rules[index];
  c.json_rule = Json(rule.pattern.source()).dump(-1, ' ', false, Json::error_handler_t::replace);
  c.json_source = source_json(rule.pos).dump(-1, ' ', false, Json::error_handler_t::replace);
  c.text_rule = field(
      "rule",
      fmt::format("{}  {}",
                  m_out.paint(Style::green, printable(rule.pattern.source())),
                  m_out.paint(Style::dim, fmt::format("({})", position_text(m_config, rule.pos)))));
  // The options are the same for every URL unless a tag has a {param} to fill in.
  const CacheOptions merged = merge(m_config.defaults, rule.options);
  c.static_options =
      options_are_static(m_config, index) && expand_page_tags(merged.tags, {}, {}) == merged.tags;
  if (c.static_options) {
    c.json_options = options_json(merged).dump(-1, ' ', false, Json::error_handler_t::replace);
    c.text_options = options_text(merged);
  }
  c.ready = true;
  return c;
}

Json
MatchRenderer::options_json(const CacheOptions& options)
{
  Json out = Json::object();
  for (auto& [name, value] : option_values(options)) {
    out[std::string(name)] = std::move(value);
  }
  return out;
}

std::string
MatchRenderer::options_text(const CacheOptions& options) const
{
  std::string line;
  for (const auto& [name, value] : option_values(options)) {
    line += fmt::format("{}{}={}", line.empty() ? "" : " ", name, printable(toml_text(value)));
  }
  return field("options", line);
}

void
MatchRenderer::json_stream_line(std::string_view echoed, const Resolution& r)
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

bool
MatchRenderer::has_repeated_name(const std::vector<std::pair<std::string, std::string>>& params)
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
MatchRenderer::source_json(SourcePos pos) const
{
  return Json{{"file", m_config.file}, {"line", pos.line}, {"column", pos.column}};
}

void
MatchRenderer::append_cell(std::string_view text)
{
  // Printable ASCII, the common case, holds no tab or line break and is copied as it is (one
  // pass; find_first_of would call memchr once per byte).
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; })) {
    m_buffer += text;
    return;
  }
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  append_printable(m_buffer, out);
}

void
MatchRenderer::tsv_line(std::string_view echoed, const Resolution& r)
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

} // namespace cachectl::cli
