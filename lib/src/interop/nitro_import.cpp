// `import --from nitro` (see nitro_import.hpp), from nitropack 2.11.13:
// - build time, normalizeRouteRules (src/core/config/resolvers/route-rules.ts): a leading `/`
//   added; `swr: n` → `cache: { swr: true, maxAge: n }` (`swr: true` without maxAge), and
//   `cache: false` wins over `swr`; `cors` adds access-control-* headers under `headers`.
// - run time, getRouteRulesForPath (runtime/internal/route-rules.ts): defu({}, ...radix3
//   matchAll(path).reverse()): the first rule in that order that sets a header (or a key of
//   `cache`) wins; a `cache: false` that comes first keeps `cache` false.
// - the cached handler (runtime/internal/cache.ts, defineCachedEventHandler) wraps the route's
//   handler where `cache` is set; after the route rules handler has set `headers`, h3's
//   handleCacheHeaders sets `Cache-Control: public[, max-age=N, s-maxage=N]`, and then the
//   cached entry's own Cache-Control replaces it: with `swr`, `s-maxage=<maxAge>` (when set) and
//   `stale-while-revalidate[=<staleMaxAge>]`; without, `max-age=<maxAge>` (when set). So a
//   `Cache-Control` under `headers` never reaches a cached route's response. `headersOnly` skips
//   the entry: handleCacheHeaders' value stays. A prerendered page is served as a static file
//   before any handler runs, so `cache` does not apply to it.
// The cached handler is modelled per URL (the rules matching the URL); nitropack resolves it per
// handler route (the rules matching the rule's own path), which differs only where a `*` rule
// and a `**` rule that both set `cache` cover one URL (documented in cachectl-import(1)).
#include "nitro_import.hpp"

#include "json_source.hpp"
#include "radix3_matcher.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

namespace cachectl::interop {

namespace {

// A JSON number as JavaScript's `${n}` writes it (integers without a fraction).
std::string
js_number(const nlohmann::ordered_json& value)
{
  if (value.is_number_integer() || value.is_number_unsigned()) {
    return value.dump();
  }
  const double d = value.get<double>();
  if (d == static_cast<double>(static_cast<long long>(d)) && d > -1e15 && d < 1e15) {
    return std::to_string(static_cast<long long>(d));
  }
  return value.dump();
}

// JavaScript truthiness of a JSON value.
bool
truthy(const nlohmann::ordered_json& value)
{
  if (value.is_boolean()) {
    return value.get<bool>();
  }
  if (value.is_number()) {
    return value.get<double>() != 0.0;
  }
  if (value.is_string()) {
    return !value.get_ref<const std::string&>().empty();
  }
  return !value.is_null();
}

// The pseudo header lines nitro_finish reads (no real header name starts with `:`).
constexpr std::string_view cache_kind = ":cache";
constexpr std::string_view cache_key = ":cache:";
constexpr std::string_view prerender_key = ":prerender";

class Parser {
public:
  Parser(std::string_view text, std::string_view file)
      : m_text(text)
      , m_file(file)
  {
  }

  PlatformFile
  run()
  {
    JsonDocument document = parse_json_document(m_text, m_file);
    if (!document.diagnostics.empty()) {
      m_out.diagnostics = std::move(document.diagnostics);
      return std::move(m_out);
    }
    const auto* rules =
        find_route_rules(document.root, m_text, m_file, "nitro", m_cursor, m_out.diagnostics);
    if (rules == nullptr) {
      return std::move(m_out);
    }
    for (const auto& [key, value] : rules->items()) {
      rule(key, value);
    }
    return std::move(m_out);
  }

private:
  // The place of the next `"name"` after the cursor (moving it there).
  SourcePos
  place(const std::string& name, SourcePos& end)
  {
    const std::size_t at = find_json_string(m_text, name, m_cursor);
    const std::size_t from = at == std::string_view::npos ? m_cursor : at;
    if (at != std::string_view::npos) {
      m_cursor = at;
    }
    end = json_pos_at(m_text, from + nlohmann::json(name).dump().size());
    return json_pos_at(m_text, from);
  }

  void
  error(SourcePos pos, SourcePos end, std::string message)
  {
    m_out.diagnostics.push_back(syntax_error(m_file, pos, end, std::move(message)));
  }

  void
  remark(SourcePos pos, SourcePos end, std::string message, bool loss)
  {
    m_out.remarks.push_back(Remark{pos, end, std::move(message), loss});
  }

  void
  pseudo(PlatformRule& rule, std::string name, std::string value, SourcePos pos, SourcePos end)
  {
    rule.ops.push_back(HeaderOp{false, std::move(name), std::move(value), pos, end});
  }

  void
  headers(PlatformRule& rule, const nlohmann::ordered_json& value, SourcePos pos, SourcePos end)
  {
    if (!value.is_object()) {
      error(pos, end, "`headers` must be an object of header names and values");
      return;
    }
    for (const auto& [name, header] : value.items()) {
      SourcePos name_end;
      const SourcePos name_pos = place(name, name_end);
      std::string text;
      if (header.is_string()) {
        text = header.get<std::string>();
      } else if (header.is_number()) {
        text = js_number(header);
      } else {
        error(name_pos,
              name_end,
              fmt::format("the value of `{}` must be a string or a number", name));
        continue;
      }
      if (name.empty() || name.starts_with(':')) {
        error(name_pos, name_end, fmt::format("`{}` is not a header name", name));
        continue;
      }
      rule.ops.push_back(HeaderOp{false, name, text, name_pos, name_end});
    }
  }

  // `cache` (after `swr` is folded in, as normalizeRouteRules does).
  void
  cache(PlatformRule& rule,
        const nlohmann::ordered_json* cache,
        const nlohmann::ordered_json* swr,
        SourcePos pos,
        SourcePos end)
  {
    if (cache != nullptr && cache->is_boolean() && !cache->get<bool>()) {
      pseudo(rule, std::string(cache_kind), "false", pos, end);
      return;
    }
    if (cache != nullptr && !cache->is_object() && !cache->is_boolean()) {
      error(pos, end, "`cache` must be an object or false");
      return;
    }
    const bool on = (cache != nullptr && (cache->is_object() || truthy(*cache))) ||
                    (swr != nullptr && truthy(*swr));
    if (!on) {
      return;
    }
    const bool object = (cache != nullptr && cache->is_object()) || swr != nullptr;
    pseudo(rule, std::string(cache_kind), object ? "object" : "true", pos, end);
    std::map<std::string, std::string> keys;
    if (cache != nullptr && cache->is_object()) {
      for (const auto& [key, value] : cache->items()) {
        SourcePos key_end;
        const SourcePos key_pos = place(key, key_end);
        if (value.is_null()) {
          continue; // defu skips it
        }
        if (key == "maxAge" || key == "staleMaxAge") {
          if (!value.is_number()) {
            error(key_pos, key_end, fmt::format("`cache.{}` must be a number of seconds", key));
            continue;
          }
          keys[key] = truthy(value) ? js_number(value) : "0";
        } else if (key == "swr" || key == "headersOnly") {
          keys[key] = truthy(value) ? "1" : "0";
        } else {
          remark(key_pos,
                 key_end,
                 fmt::format("`cache.{}` configures Nitro's own response storage, which a "
                             "cache.toml does not describe; left out",
                             key),
                 false);
        }
      }
    }
    if (swr != nullptr && truthy(*swr)) {
      keys["swr"] = "1";
      if (swr->is_number()) {
        keys["maxAge"] = js_number(*swr);
      }
    }
    for (const auto& [key, value] : keys) {
      pseudo(rule, fmt::format("{}{}", cache_key, key), value, pos, end);
    }
    remark(pos,
           end,
           "Nitro also keeps these responses in its own server-side cache storage, which a "
           "cache.toml does not describe; only the Cache-Control its cached handler sends is "
           "imported",
           false);
  }

  void
  rule(const std::string& key, const nlohmann::ordered_json& value)
  {
    PlatformRule rule;
    rule.pos = place(key, rule.end);
    rule.path = key;
    if (!value.is_object()) {
      error(rule.pos, rule.end, fmt::format("the route rule of `{}` must be an object", key));
      return;
    }
    const nlohmann::ordered_json* cache_value = nullptr;
    const nlohmann::ordered_json* swr_value = nullptr;
    SourcePos cache_pos = rule.pos;
    SourcePos cache_end = rule.end;
    for (const auto& [name, field] : value.items()) {
      SourcePos end;
      const SourcePos pos = place(name, end);
      if (name == "headers") {
        headers(rule, field, pos, end);
      } else if (name == "swr" || name == "cache") {
        if (name == "swr" && !field.is_boolean() && !field.is_number() && !field.is_null()) {
          error(pos, end, "`swr` must be a number of seconds or true");
          continue;
        }
        (name == "swr" ? swr_value : cache_value) = &field;
        if (cache_value == nullptr || name == "cache") {
          cache_pos = pos;
          cache_end = end;
        }
      } else if (name == "prerender") {
        pseudo(rule, std::string(prerender_key), truthy(field) ? "1" : "0", pos, end);
        if (truthy(field)) {
          remark(pos,
                 end,
                 "prerendered at build time: Nitro serves the page as a static file with the "
                 "route rules' `headers` (its cached handler does not run)",
                 false);
        }
      } else if (name == "isr" || name == "static") {
        if (truthy(field)) {
          remark(pos,
                 end,
                 fmt::format("`{}` is read by Nitro's Vercel and Netlify presets only (the "
                             "platform's own incremental regeneration), not by its server; a "
                             "cache.toml cannot keep it",
                             name),
                 true);
        }
      } else if (name == "redirect" || name == "proxy" || name == "cors") {
        remark(pos,
               end,
               fmt::format("`{}` is not about caching; left out of the cache.toml", name),
               false);
      } else {
        remark(pos,
               end,
               fmt::format("`{}` is not a route rule option cachectl knows; left out", name),
               false);
      }
    }
    if (cache_value != nullptr || swr_value != nullptr) {
      cache(rule, cache_value, swr_value, cache_pos, cache_end);
    }
    m_out.rules.push_back(std::move(rule));
  }

  std::string_view m_text;
  std::string_view m_file;
  std::size_t m_cursor = 0;
  PlatformFile m_out;
};

bool
js_word(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `withLeadingSlash(key)` without its final `/` (radix3's normalizeTrailingSlash).
std::string
radix_path(std::string_view key)
{
  std::string path = key.starts_with('/') ? std::string(key) : "/" + std::string(key);
  if (path.size() > 1 && path.ends_with('/')) {
    path.pop_back();
  }
  return path;
}

PathShape
nitro_path(std::string_view key)
{
  PathShape shape;
  const std::string path = radix_path(key);
  if (path == "/") {
    shape.patterns = {"/"};
    return shape;
  }
  std::string pattern;
  std::size_t n = 0;
  std::set<std::string> names;
  std::size_t from = 1;
  while (from <= path.size()) {
    const std::size_t slash = std::min(path.find('/', from), path.size());
    const std::string segment = path.substr(from, slash - from);
    const bool last = slash == path.size();
    from = slash + 1;
    if (segment.starts_with("**")) {
      if (!last || segment != "**") {
        shape.problem = !last ? "a `**` before the last segment (radix3 then matches no path)"
                              : "a named `**:name` (the radix3 matcher of route rules does not "
                                "match it)";
        return shape;
      }
      pattern += names.contains("path") ? fmt::format("/[...p{}]", ++n) : "/[...path]";
    } else if (segment == "*" || segment.starts_with(':')) {
      const std::string name = segment.substr(1);
      const bool usable = !name.empty() && name != "path" &&
                          std::ranges::all_of(name, [](char c) { return js_word(c); }) &&
                          names.insert(name).second;
      pattern += usable ? "/[" + name + "]" : fmt::format("/[p{}]", ++n);
    } else if (segment.find_first_of("*:") != std::string::npos) {
      shape.problem = fmt::format("`{}`, a `*` or `:` inside a segment (radix3 then matches no "
                                  "path)",
                                  segment);
      return shape;
    } else {
      pattern += "/" + segment;
    }
  }
  shape.patterns = {pattern};
  return shape;
}

std::function<std::vector<std::size_t>(const std::string&)>
nitro_layers(const std::vector<PlatformRule>& rules)
{
  std::vector<std::string> paths;
  for (const auto& rule : rules) {
    paths.push_back(radix_path(rule.path));
  }
  auto matcher = std::make_shared<Radix3Matcher>(paths);
  return [matcher](const std::string& path) { return matcher->match_all(path); };
}

// The value of pseudo line `name` of a rule; nullopt when it has none.
std::optional<std::string>
pseudo_value(const PlatformRule& rule, std::string_view name)
{
  for (const auto& op : rule.ops) {
    if (op.name == name) {
      return op.value;
    }
  }
  return std::nullopt;
}

void
nitro_finish(const std::vector<PlatformRule>& rules,
             const std::vector<std::size_t>& matched,
             std::map<std::string, std::string>& headers,
             std::map<std::string, std::size_t>& by)
{
  // defu in nitropack's order: the last matched rule first.
  std::string kind; // "", "false", "true", "object"
  std::size_t setter = 0;
  std::map<std::string, std::string> keys;
  std::optional<std::string> prerender;
  for (auto it = matched.rbegin(); it != matched.rend(); ++it) {
    const PlatformRule& rule = rules[*it];
    if (!prerender) {
      prerender = pseudo_value(rule, prerender_key);
    }
    const auto own = pseudo_value(rule, cache_kind);
    if (!own) {
      continue;
    }
    if (kind.empty()) {
      kind = *own;
      setter = *it;
    }
    if (kind == "object" && *own == "object") {
      for (const auto& op : rule.ops) {
        if (op.name.starts_with(cache_key)) {
          keys.try_emplace(op.name.substr(cache_key.size()), op.value);
        }
      }
    }
  }
  if (kind.empty() || kind == "false" || (prerender && *prerender == "1")) {
    return;
  }
  auto key = [&](const char* name) -> std::optional<std::string> {
    const auto found = keys.find(name);
    return found == keys.end() ? std::nullopt : std::optional(found->second);
  };
  const auto max_age = key("maxAge");
  // handleCacheHeaders: `public`, and `max-age=N, s-maxage=N` when maxAge is defined.
  std::string value =
      max_age ? fmt::format("public, max-age={0}, s-maxage={0}", *max_age) : std::string("public");
  if (key("headersOnly") != "1") {
    const bool has_max_age = max_age && *max_age != "0";
    std::vector<std::string> entry;
    if (key("swr") == "1") {
      if (has_max_age) {
        entry.push_back(fmt::format("s-maxage={}", *max_age));
      }
      const auto stale = key("staleMaxAge");
      entry.push_back(stale && *stale != "0" ? fmt::format("stale-while-revalidate={}", *stale)
                                             : "stale-while-revalidate");
    } else if (has_max_age) {
      entry.push_back(fmt::format("max-age={}", *max_age));
    }
    if (!entry.empty()) {
      value = fmt::format("{}", fmt::join(entry, ", "));
    }
  }
  headers["cache-control"] = value;
  by["cache-control"] = setter;
}

} // namespace

PlatformFile
parse_nitro(std::string_view text, std::string_view file)
{
  return Parser(text, file).run();
}

const Platform&
nitro_platform()
{
  static const Platform platform{
      "nitro", "Nitro `routeRules`", "generic", false, &nitro_path, &nitro_layers, &nitro_finish};
  return platform;
}

std::string_view
nitro_provider(const PlatformFile& file)
{
  for (const auto& rule : file.rules) {
    for (const auto& op : rule.ops) {
      const std::string name = ascii_lower(op.name);
      if (name.starts_with("netlify-")) {
        return "netlify";
      }
      if (name.starts_with("vercel-")) {
        return "vercel";
      }
      if (name == "cloudflare-cdn-cache-control") {
        return "cloudflare";
      }
    }
  }
  return "generic";
}

} // namespace cachectl::interop
