#include "config/loader.hpp"

#include "config/toml_values.hpp"
#include "util/edit_distance.hpp"
#include "util/secret.hpp"
#include "util/text.hpp"

#include <cachectl/pattern/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace cachectl::config_detail {

namespace {

// The provider name closest to a misspelt `name` (case, then edit distance ≤ 2); empty if none.
std::string_view
suggest_provider(std::string_view name)
{
  constexpr std::size_t max_distance = 2;
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  std::string_view best;
  std::size_t best_distance = max_distance + 1;
  for (const std::string_view candidate : provider_names()) {
    const std::size_t distance = edit_distance(lower, candidate, max_distance);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// True when `name` is one of provider_names().
bool
is_provider(std::string_view name)
{
  const auto names = provider_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Sets the option `name` (a key of KeyScope::options other than `bypass`) from a checked value.
void
set_option(CacheOptions& options, std::string_view name, const toml::node& value)
{
  const auto seconds = [&] { return seconds_of(value); };
  const auto boolean = [&] { return value.as_boolean()->get(); };
  const auto string = [&] { return value.as_string()->get(); };
  if (name == "cache") {
    options.cache = boolean();
  } else if (name == "max_age") {
    options.max_age = seconds();
  } else if (name == "swr") {
    options.swr = seconds();
  } else if (name == "stale_if_error") {
    options.stale_if_error = seconds();
  } else if (name == "browser_max_age") {
    options.browser_max_age = seconds();
  } else if (name == "browser_swr") {
    options.browser_swr = seconds();
  } else if (name == "browser_stale_if_error") {
    options.browser_stale_if_error = seconds();
  } else if (name == "browser_no_cache") {
    options.browser_no_cache = boolean();
  } else if (name == "public") {
    options.public_ = boolean();
  } else if (name == "negative_max_age") {
    options.negative_max_age = seconds();
  } else if (name == "immutable") {
    options.immutable = boolean();
  } else if (name == "must_revalidate") {
    options.must_revalidate = boolean();
  } else if (name == "private") {
    options.private_ = boolean();
  } else if (name == "tags") {
    options.tags = strings_of(value);
  } else if (name == "vary") {
    options.vary = strings_of(value);
  } else if (name == "methods") {
    options.methods = strings_of(value);
  } else if (name == "statuses") {
    options.statuses = integers_of(value);
  } else if (name == "last_modified") {
    options.last_modified = string();
  } else if (name == "etag") {
    options.etag = string();
  }
}

// Sets the bypass trait `name` (a key of KeyScope::bypass) from a checked value.
void
set_bypass(BypassRules& bypass, std::string_view name, const toml::node& value)
{
  if (name == "cookies") {
    bypass.cookies = strings_of(value);
  } else if (name == "headers") {
    bypass.headers = strings_of(value);
  } else if (name == "query") {
    if (const auto* text = value.as_string()) {
      bypass.query = text->get() == "any" ? BypassRules::Query::any : BypassRules::Query::never;
      bypass.query_params.clear();
    } else {
      bypass.query = BypassRules::Query::listed;
      bypass.query_params = strings_of(value);
    }
  }
}

} // namespace

template <class OnKey>
void
Loader::read_table(const toml::table& table, const TableContext& context, OnKey&& on_key)
{
  for (const Entry& entry : in_file_order(table)) {
    const std::string_view name = entry.key->str();
    const KeySpec* spec = find_key(context.scope, name, context.provider);
    if (spec == nullptr) {
      unknown_key(*entry.key, context);
      continue;
    }
    if (spec->name == "bypass" && !context.tables_allowed) {
      fail("misplaced-key",
           entry.key->source(),
           fmt::format(
               "`{}` is not allowed {}; use the top-level [{}] table", name, context.where, name));
      continue;
    }
    if (spec->scope == KeyScope::options && spec->name == "allow" && !context.tables_allowed) {
      fail("misplaced-key",
           entry.key->source(),
           fmt::format("`allow` is not allowed {}; allow codes in every rule with `allow` in the "
                       "top-level [lint] table",
                       context.where));
      continue;
    }
    if (check(*spec, *entry.value)) {
      on_key(*spec, *entry.key, *entry.value);
    }
  }
}

LoadedConfig
Loader::load(const toml::table& root)
{
  Config config;
  config.file = m_file;
  const TableContext context{KeyScope::root, {}, "at top level"};
  read_table(root, context, [&](const KeySpec& spec, const toml::key&, const toml::node& value) {
    const std::string_view name = spec.name;
    if (name == "version") {
      config.version = static_cast<int>(value.as_integer()->get());
    } else if (name == "site") {
      read_site(*value.as_table(), config);
    } else if (name == "defaults") {
      config.defaults = read_options(*value.as_table(), "defaults", true, &config.defaults_pos);
    } else if (name == "bypass") {
      config.bypass = read_bypass(*value.as_table(), "[bypass]", &config.bypass_pos, {});
    } else if (name == "routes") {
      read_routes(*value.as_table(), config);
    } else if (name == "providers") {
      read_providers(*value.as_table(), config);
    } else if (name == "lint") {
      read_lint(*value.as_table(), config);
    }
  });
  if (!root.contains("version")) {
    fail("missing-version",
         SourcePos{1, 1},
         SourcePos{1, 1},
         "missing `version = 1` at the top of the file");
  }
  std::stable_sort(m_errors.begin(), m_errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return before(a.span.begin, b.span.begin);
  });
  return LoadedConfig{std::move(config), std::string(m_text), std::move(m_errors)};
}

void
Loader::fail(std::string_view code,
             SourcePos begin,
             SourcePos end,
             std::string message,
             std::string suggestion)
{
  m_errors.push_back(Diagnostic{Severity::error,
                                std::string(code),
                                std::move(message),
                                SourceSpan{m_file, begin, end},
                                {},
                                std::move(suggestion)});
}

void
Loader::fail(std::string_view code,
             const toml::source_region& region,
             std::string message,
             std::string suggestion)
{
  fail(code, to_pos(region.begin), to_pos(region.end), std::move(message), std::move(suggestion));
}

void
Loader::unknown_key(const toml::key& key, const TableContext& context)
{
  const std::string_view name = key.str();
  std::string message = fmt::format("unknown key `{}` {}", shown(name), context.where);
  const KeySpec* elsewhere =
      context.scope == KeyScope::provider ? find_key(KeyScope::provider, name) : nullptr;
  const std::string_view suggestion = suggest_key(context.scope, name, context.provider);
  if (elsewhere != nullptr) {
    // A setting of other providers: say whose it is.
    std::vector<std::string> owners;
    for (const std::string_view owner : split_list(elsewhere->providers)) {
      owners.emplace_back(owner);
    }
    message += fmt::format("; `{}` is only for {}", name, join_and(owners));
  } else if (!suggestion.empty()) {
    message += fmt::format("; did you mean `{}`?", suggestion);
  }
  if (is_secret_key_name(name)) {
    // Refused as a secret: the diagnostic never quotes the line that holds the value.
    fail("literal-secret",
         key.source(),
         fmt::format("`{}` looks like a secret written into the file; secrets only come from the "
                     "environment: set `token_env` to the name of a variable that holds it",
                     shown(name)));
    return;
  }
  fail(elsewhere != nullptr ? "misplaced-key" : "unknown-key",
       key.source(),
       std::move(message),
       elsewhere != nullptr ? std::string() : std::string(suggestion));
}

void
Loader::read_site(const toml::table& table, Config& config)
{
  const TableContext context{KeyScope::site, {}, "in [site]"};
  read_table(
      table, context, [&](const KeySpec& spec, const toml::key& key, const toml::node& value) {
        config.site_pos[std::string(spec.name)] = place_of(key, value);
        if (spec.name == "base") {
          config.base = normalize_base(value.as_string()->get());
        } else if (spec.name == "trailing_slash") {
          config.trailing_slash =
              parse_trailing_slash(value.as_string()->get()).value_or(TrailingSlash::ignore);
        } else if (spec.name == "origins") {
          config.origins = strings_of(value);
        } else if (spec.name == "provider") {
          config.provider = value.as_string()->get();
        }
      });
}

void
Loader::read_lint(const toml::table& table, Config& config)
{
  const TableContext context{KeyScope::lint, {}, "in [lint]"};
  read_table(table, context, [&](const KeySpec& spec, const toml::key&, const toml::node& value) {
    if (spec.name == "allow") {
      config.lint_allow = allow_entries(value);
    }
  });
}

CacheOptions
Loader::read_options(const toml::table& table,
                     const std::string& path,
                     bool is_defaults,
                     std::map<std::string, KeyPlace>* key_pos,
                     std::vector<AllowEntry>* allow)
{
  CacheOptions options;
  const TableContext context{KeyScope::options, {}, fmt::format("in [{}]", path), !is_defaults};
  read_table(
      table, context, [&](const KeySpec& spec, const toml::key& key, const toml::node& value) {
        if (key_pos != nullptr) {
          (*key_pos)[std::string(spec.name)] = place_of(key, value);
        }
        const std::string title = fmt::format("[{}.{}]", path, spec.name);
        if (spec.name == "bypass") {
          options.bypass =
              read_bypass(*value.as_table(), title, key_pos, fmt::format("{}.", spec.name));
        } else if (spec.name == "status") {
          options.status_max_age = read_status(*value.as_table(), title, key_pos);
        } else if (spec.name == "cache_key") {
          options.cache_key = read_cache_key(*value.as_table(), title, key_pos);
        } else if (spec.name == "allow") {
          if (allow != nullptr) {
            *allow = allow_entries(value);
          }
        } else if (spec.name == "vary" && !vary_is_usable(value)) {
          options.vary.reset();
        } else {
          set_option(options, spec.name, value);
        }
      });
  return options;
}

std::map<std::string, std::int64_t>
Loader::read_status(const toml::table& table,
                    const std::string& title,
                    std::map<std::string, KeyPlace>* key_pos)
{
  std::map<std::string, std::int64_t> ttls;
  const KeySpec* ttl_spec = find_key(KeyScope::options, "max_age");
  KeySpec spec = *ttl_spec;
  spec.name = "status";
  for (const Entry& entry : in_file_order(table)) {
    std::string status(entry.key->str());
    if (status.size() == 3 && (status[1] == 'X' || status[1] == 'x') &&
        (status[2] == 'X' || status[2] == 'x')) {
      status = status.substr(0, 1) + "xx";
    }
    const bool digits =
        status.size() == 3 && status[0] >= '1' && status[0] <= '5' &&
        ((status[1] >= '0' && status[1] <= '9' && status[2] >= '0' && status[2] <= '9') ||
         status.substr(1) == "xx");
    if (!digits) {
      fail("unknown-key",
           entry.key->source(),
           fmt::format("`{}` in {} is not a status: write a status such as `404` or a class such "
                       "as `\"4xx\"`",
                       shown(entry.key->str()),
                       title));
      continue;
    }
    if (!check(spec, *entry.value)) {
      continue;
    }
    if (key_pos != nullptr) {
      (*key_pos)["status." + status] = place_of(*entry.key, *entry.value);
    }
    ttls[status] = seconds_of(*entry.value);
  }
  return ttls;
}

CacheKey
Loader::read_cache_key(const toml::table& table,
                       const std::string& title,
                       std::map<std::string, KeyPlace>* key_pos)
{
  CacheKey key;
  const TableContext context{KeyScope::cache_key, {}, "in " + title};
  read_table(
      table, context, [&](const KeySpec& spec, const toml::key& name, const toml::node& value) {
        if (key_pos != nullptr) {
          (*key_pos)[fmt::format("cache_key.{}", spec.name)] = place_of(name, value);
        }
        if (spec.name == "query") {
          key.query = strings_of(value);
        } else if (spec.name == "cookies") {
          key.cookies = strings_of(value);
        } else {
          key.headers = strings_of(value);
          for (const auto& element : *value.as_array()) {
            if (!is_field_name(element.as_string()->get())) {
              fail("invalid-value",
                   element.source(),
                   fmt::format("cache_key header `{}` is not a request header name",
                               shown(element.as_string()->get())));
            }
          }
        }
      });
  return key;
}

bool
Loader::vary_is_usable(const toml::node& value)
{
  bool usable = true;
  for (const auto& element : *value.as_array()) {
    const std::string& entry = element.as_string()->get();
    if (entry == "*" || is_field_name(entry)) {
      continue;
    }
    usable = false;
    const std::size_t eq = entry.find('=');
    const std::string_view kind = std::string_view(entry).substr(0, eq);
    const bool netlify =
        eq != std::string::npos && (kind == "query" || kind == "cookie" || kind == "header");
    std::string message = fmt::format("`vary` entry {} is not a request header name, so it "
                                      "cannot be written into Vary",
                                      toml_quoted(entry));
    std::string suggestion;
    if (netlify) {
      // Netlify-Vary syntax: `query=a|b`, `cookie=…`, `header=…`.
      const std::string_view names = std::string_view(entry).substr(eq + 1);
      const std::string_view field = kind == "query"    ? "query"
                                     : kind == "cookie" ? "cookies"
                                                        : "headers";
      std::string list;
      std::size_t start = 0;
      while (start <= names.size()) {
        const std::size_t bar = std::min(names.find('|', start), names.size());
        list += fmt::format(
            "{}{}", list.empty() ? "" : ", ", toml_quoted(names.substr(start, bar - start)));
        start = bar + 1;
      }
      suggestion = fmt::format("cache_key = {{ {} = [{}] }}", field, list);
      message += fmt::format("; the cache key is its own option: {}", suggestion);
    }
    fail("invalid-value", element.source(), std::move(message));
  }
  return usable;
}

BypassRules
Loader::read_bypass(const toml::table& table,
                    const std::string& title,
                    std::map<std::string, KeyPlace>* key_pos,
                    std::string_view prefix)
{
  BypassRules bypass;
  const TableContext context{KeyScope::bypass, {}, "in " + title};
  read_table(
      table, context, [&](const KeySpec& spec, const toml::key& key, const toml::node& value) {
        if (key_pos != nullptr) {
          (*key_pos)[fmt::format("{}{}", prefix, spec.name)] = place_of(key, value);
        }
        set_bypass(bypass, spec.name, value);
      });
  return bypass;
}

void
Loader::read_routes(const toml::table& table, Config& config)
{
  config.rules.reserve(table.size());
  for (const Entry& entry : in_file_order(table)) {
    const std::string_view source = entry.key->str();
    auto pattern = Pattern::parse(source);
    if (!pattern) {
      const SourcePos at = pattern_error_pos(*entry.key, pattern.error().column);
      fail("invalid-pattern",
           at,
           SourcePos{at.line, at.column + 1},
           fmt::format(
               "invalid route pattern {}: {}", toml_quoted(source), pattern.error().message));
    }
    const toml::table* options = entry.value->as_table();
    if (options == nullptr) {
      fail("wrong-type",
           entry.value->source(),
           fmt::format(
               "route {} must be a table, not {}", toml_quoted(source), actual_type(*entry.value)));
      continue;
    }
    Rule rule;
    rule.pos = to_pos(entry.key->source().begin);
    rule.pos_end = to_pos(entry.key->source().end);
    rule.options = read_options(
        *options, fmt::format("routes.{}", toml_quoted(source)), false, &rule.key_pos, &rule.allow);
    if (pattern) {
      rule.pattern = std::move(*pattern);
      config.rules.push_back(std::move(rule));
    }
  }
}

void
Loader::read_providers(const toml::table& table, Config& config)
{
  for (const Entry& entry : in_file_order(table)) {
    const std::string_view name = entry.key->str();
    const SourcePos pos = to_pos(entry.key->source().begin);
    if (!is_provider(name)) {
      std::string message = fmt::format("unknown provider `{}`", shown(name));
      const std::string_view suggestion = suggest_provider(name);
      if (!suggestion.empty()) {
        message += fmt::format("; did you mean `{}`?", suggestion);
      }
      fail("unknown-key", entry.key->source(), std::move(message), std::string(suggestion));
      continue;
    }
    const toml::table* settings_table = entry.value->as_table();
    if (settings_table == nullptr) {
      fail("wrong-type",
           entry.value->source(),
           fmt::format("provider `{}` must be a table, not {}", name, actual_type(*entry.value)));
      continue;
    }
    ProviderSettings settings;
    settings.name = std::string(name);
    settings.pos = pos;
    const TableContext context{KeyScope::provider, name, fmt::format("in [providers.{}]", name)};
    read_table(*settings_table,
               context,
               [&](const KeySpec& spec, const toml::key& key, const toml::node& value) {
                 const std::string key_name(spec.name);
                 settings.key_pos[key_name] = place_of(key, value);
                 if (value.is_array()) {
                   settings.lists[key_name] = strings_of(value);
                 } else if (const auto* text = value.as_string()) {
                   settings.values[key_name] = text->get();
                 } else if (const auto* flag = value.as_boolean()) {
                   settings.values[key_name] = flag->get() ? "true" : "false";
                 } else {
                   settings.values[key_name] = number_text(value);
                 }
               });
    config.providers.push_back(std::move(settings));
  }
}

SourcePos
Loader::pattern_error_pos(const toml::key& key, std::size_t column)
{
  const SourcePos pos = to_pos(key.source().begin);
  const std::string_view name = key.str();
  const std::string_view line = line_text(pos.line);
  const std::optional<std::size_t> start = byte_offset(pos.line, pos.column);
  if (!start) {
    return pos;
  }
  const std::size_t bytes = std::min(column > 0 ? column - 1 : 0, name.size());
  const std::uint32_t shift = code_points(name.substr(0, bytes));
  const char first = line[*start];
  if (first == '"' || first == '\'') {
    // A quoted key: the columns map only when the key is written without escapes.
    const std::size_t inner = *start + 1;
    const bool verbatim = line.size() > inner + name.size() &&
                          line.substr(inner, name.size()) == name &&
                          line[inner + name.size()] == first;
    return verbatim ? SourcePos{pos.line, pos.column + 1 + shift} : pos;
  }
  // A bare key is the pattern itself.
  return line.substr(*start, name.size()) == name ? SourcePos{pos.line, pos.column + shift} : pos;
}

std::optional<std::size_t>
Loader::byte_offset(std::uint32_t line, std::uint32_t column)
{
  const std::string_view text = line_text(line);
  const FoldIndex& index =
      m_code_points.try_emplace(line, text, &advance_code_points).first->second;
  if (column == 0 || column > index.total()) {
    return std::nullopt;
  }
  // The code point `column` starts at the first byte with `column` - 1 code points before it
  // that is not a continuation byte.
  std::size_t at = index.start_for(column - 1);
  std::size_t count = index.before(at);
  while (count < column - 1 || (at > 0 && is_continuation(text[at]))) {
    count = advance_code_points(count, text[at]);
    ++at;
  }
  return at;
}

std::string_view
Loader::line_text(std::uint32_t line)
{
  if (m_line_starts.empty()) {
    // toml++ does not count a byte order mark in the columns of line 1.
    m_line_starts = line_starts(m_text, m_text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  }
  return line_at(m_text, m_line_starts, line);
}

} // namespace cachectl::config_detail
