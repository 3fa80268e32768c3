// `import --from astro` (see astro_import.hpp), from astro 6.4.8: the schema of a route rule
// (core/cache/config.js: maxAge and swr non-negative integers, tags an array of strings, other
// keys stripped), extractCacheRoutesFromRouteRules (core/cache/utils.js: a rule with none of the
// three is dropped) and compileCacheRoutes (core/cache/runtime/route-matching.js: the key split
// on `/` with empty segments dropped, compiled as a page, sorted by the route comparator).
#include "astro_import.hpp"

#include "header_options.hpp"
#include "json_source.hpp"

#include <cachectl/config/config.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cachectl::interop {

namespace {

// One rule to write.
struct AstroRule {
  std::string pattern;
  SourcePos pos;
  std::vector<std::string> options;
};

// The key as Astro splits it: `/` + its non-empty segments.
std::string
astro_pattern(std::string_view key)
{
  std::string out;
  std::size_t from = 0;
  while (from <= key.size()) {
    const std::size_t slash = std::min(key.find('/', from), key.size());
    if (slash > from) {
      out += "/" + std::string(key.substr(from, slash - from));
    }
    from = slash + 1;
  }
  return out.empty() ? "/" : out;
}

std::string
toml_string(std::string_view text)
{
  return nlohmann::json(std::string(text)).dump(); // a JSON string is a TOML basic string here
}

std::string
short_name(std::string_view file)
{
  const std::size_t slash = file.find_last_of('/');
  return std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
}

} // namespace

Flattened
import_astro(std::string_view text, std::string_view file, bool lossy, bool& malformed)
{
  Flattened out;
  malformed = false;
  auto note = [&](SourcePos pos, SourcePos end, std::string message, bool loss) {
    Diagnostic d;
    d.severity = !loss ? Severity::note : lossy ? Severity::warning : Severity::error;
    d.code = !loss ? "import-dropped" : lossy ? "import-lossy" : "import-inexpressible";
    d.message = std::move(message);
    d.span = SourceSpan{std::string(file), pos, end.known() ? end : pos};
    out.diagnostics.push_back(std::move(d));
    out.losses += loss ? 1 : 0;
  };
  JsonDocument document = parse_json_document(text, file);
  std::size_t cursor = 0;
  const nlohmann::ordered_json* rules =
      document.diagnostics.empty()
          ? find_route_rules(
                document.root, text, file, "experimental", cursor, document.diagnostics)
          : nullptr;
  std::vector<AstroRule> written;
  std::set<std::string> seen;
  static const nlohmann::ordered_json no_rules = nlohmann::ordered_json::object();
  for (const auto& [key, value] : (rules == nullptr ? no_rules : *rules).items()) {
    const std::size_t at = find_json_string(text, key, cursor);
    cursor = at == std::string_view::npos ? cursor : at;
    const SourcePos pos = json_pos_at(text, cursor);
    const SourcePos end = json_pos_at(text, cursor + nlohmann::json(key).dump().size());
    auto syntax = [&](std::string message) {
      document.diagnostics.push_back(syntax_error(file, pos, end, std::move(message)));
    };
    if (!value.is_object()) {
      syntax(fmt::format("the route rule of `{}` must be an object (maxAge, swr, tags)", key));
      continue;
    }
    AstroRule rule{astro_pattern(key), pos, {}};
    bool any = false;
    for (const char* name : {"maxAge", "swr"}) {
      const auto field = value.find(name);
      if (field == value.end()) {
        continue;
      }
      if (!field->is_number_integer() && !field->is_number_unsigned()) {
        syntax(fmt::format(
            "`{}` of `{}` must be a whole number of seconds (Astro's schema)", name, key));
        continue;
      }
      if (field->get<long long>() < 0) {
        syntax(fmt::format("`{}` of `{}` must not be negative (Astro's schema)", name, key));
        continue;
      }
      any = true;
      rule.options.push_back(fmt::format("{} = {}",
                                         std::string_view(name) == "maxAge" ? "max_age" : "swr",
                                         duration_text(field->get<long long>())));
    }
    if (const auto tags = value.find("tags"); tags != value.end()) {
      if (!tags->is_array() ||
          !std::ranges::all_of(*tags, [](const auto& tag) { return tag.is_string(); })) {
        syntax(fmt::format("`tags` of `{}` must be an array of strings (Astro's schema)", key));
      } else {
        any = true;
        std::vector<std::string> kept;
        for (const auto& tag : *tags) {
          const auto& name = tag.get_ref<const std::string&>();
          if (name.find_first_of("{}") != std::string::npos) {
            note(pos,
                 end,
                 fmt::format("the tag `{}` of `{}` holds `{{` or `}}`, which a cache.toml "
                             "reads as a parameter template; left out",
                             name,
                             key),
                 true);
            continue;
          }
          kept.push_back(toml_string(name));
        }
        rule.options.push_back(fmt::format("tags = [{}]", fmt::join(kept, ", ")));
      }
    }
    for (const auto& [name, field] : value.items()) {
      if (name != "maxAge" && name != "swr" && name != "tags") {
        note(pos,
             end,
             fmt::format(
                 "Astro's schema strips `{}` from the route rule of `{}`; left out", name, key),
             false);
      }
    }
    if (!any) {
      note(pos,
           end,
           fmt::format("Astro drops the route rule of `{}` (none of maxAge, swr, tags); not "
                       "imported",
                       key),
           false);
      continue;
    }
    if (auto parsed = Pattern::parse(rule.pattern); !parsed) {
      note(pos,
           end,
           fmt::format("`{}` reads as the pattern `{}`, which cache.toml refuses: {}",
                       key,
                       rule.pattern,
                       parsed.error().message),
           true);
      continue;
    }
    if (!seen.insert(rule.pattern).second) {
      note(pos,
           end,
           fmt::format("`{}` is a second spelling of the pattern `{}`; a cache.toml has one "
                       "rule per pattern (the first is kept)",
                       key,
                       rule.pattern),
           true);
      continue;
    }
    written.push_back(std::move(rule));
  }
  if (!document.diagnostics.empty()) {
    malformed = true;
    out.diagnostics = std::move(document.diagnostics);
    out.losses = 0;
    return out;
  }

  auto render = [&](const std::vector<const AstroRule*>& rules_in_order) {
    std::string config = fmt::format(
        "# cache.toml imported by `cachectl import --from astro` from {}.\n"
        "# Astro gives a request the options of its one highest-priority route rule, as\n"
        "# cache.toml does. Set [site] base and trailing_slash as astro.config.mjs sets `base`\n"
        "# and `trailingSlash` (Astro's defaults are written).\n"
        "version = 1\n\n[site]\nbase = \"/\"\ntrailing_slash = \"ignore\"\n",
        short_name(file));
    for (const AstroRule* rule : rules_in_order) {
      config += fmt::format("\n# from {}:{}\n[routes.{}]\n",
                            short_name(file),
                            rule->pos.line,
                            toml_string(rule->pattern));
      for (const auto& line : rule->options) {
        config += line + "\n";
      }
    }
    return config;
  };
  // The rules in the JSON's key order: cachectl sorts them in file order as Astro sorts
  // Object.entries, so the same input order gives the same winners.
  std::vector<const AstroRule*> order;
  for (const auto& rule : written) {
    order.push_back(&rule);
  }
  out.text = render(order);
  if (auto config = parse_config(out.text, file); !config) {
    const auto& first = config.error().front();
    note(SourcePos{1, 1},
         SourcePos{},
         fmt::format("the imported config does not load: {}", first.message),
         true);
    out.text.clear();
  }
  return out;
}

} // namespace cachectl::interop
