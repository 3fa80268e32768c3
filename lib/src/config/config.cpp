#include "util/edit_distance.hpp"
#include "util/fold_index.hpp"
#include "util/secret.hpp"
#include "util/toml_nesting.hpp"

#include <cachectl/config/config.hpp>
#include <cachectl/config/config_keys.hpp>
#include <cachectl/pattern/url.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace cachectl {

namespace {

// One key of a table with its value.
struct Entry {
  const toml::key* key;
  const toml::node* value;
};

// The position toml++ recorded, as a SourcePos.
SourcePos
to_pos(const toml::source_position& position)
{
  return SourcePos{position.line, position.column};
}

// Where `key` and its `value` are written.
KeyPlace
place_of(const toml::key& key, const toml::node& value)
{
  return KeyPlace{to_pos(key.source().begin),
                  to_pos(key.source().end),
                  to_pos(value.source().begin),
                  to_pos(value.source().end)};
}

// True when `a` comes before `b` in the file.
bool
before(const SourcePos& a, const SourcePos& b)
{
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

// The entries of `table` in the order they are written (toml::table is ordered by key).
std::vector<Entry>
in_file_order(const toml::table& table)
{
  std::vector<Entry> entries;
  entries.reserve(table.size());
  for (const auto& [key, value] : table) {
    entries.push_back(Entry{&key, &value});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return before(to_pos(a.key->source().begin), to_pos(b.key->source().begin));
  });
  return entries;
}

// `text` with control characters escaped as in a TOML basic string.
std::string
escaped(std::string_view text, bool escape_quotes)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\u{:04X}", byte);
    } else if (escape_quotes && (c == '"' || c == '\\')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// `text` as a TOML basic string, quotes included.
std::string
toml_quoted(std::string_view text)
{
  return "\"" + escaped(text, true) + "\"";
}

// A key name for use between backquotes in a message.
std::string
shown(std::string_view name)
{
  return escaped(name, false);
}

// The TOML type of `node` with its article, for messages ("an integer").
std::string_view
actual_type(const toml::node& node)
{
  switch (node.type()) {
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a float";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::date:
    return "a date";
  case toml::node_type::time:
    return "a time";
  case toml::node_type::date_time:
    return "a date-time";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::table:
    return "a table";
  case toml::node_type::none:
    break;
  }
  return "nothing";
}

// The type a key takes, with its article, for messages ("an array of strings").
std::string_view
expected_type(KeyType type)
{
  switch (type) {
  case KeyType::integer:
    return "an integer";
  case KeyType::boolean:
    return "a boolean";
  case KeyType::string:
    return "a string";
  case KeyType::string_array:
    return "an array of strings";
  case KeyType::integer_array:
    return "an array of integers";
  case KeyType::string_or_string_array:
    return "a string or array of strings";
  case KeyType::table:
    return "a table";
  case KeyType::number:
    break;
  }
  return "a number";
}

// `items` as `a, b and c` (each item already formatted).
std::string
join_and(const std::vector<std::string>& items)
{
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " and " : ", ";
    }
    out += items[i];
  }
  return out;
}

// The shortest text of a float that reads back as the same TOML float ("2.5", "1000.0").
std::string
float_text(double value)
{
  std::string text = fmt::format("{}", value);
  if (text.find_first_not_of("-0123456789") == std::string::npos) {
    text += ".0";
  }
  return text;
}

// The text of a number node (integer or float) as written in a message or a setting.
std::string
number_text(const toml::node& node)
{
  if (const auto* integer = node.as_integer()) {
    return fmt::format("{}", integer->get());
  }
  return float_text(node.as_floating_point()->get());
}

// The strings of an array already checked to hold only strings.
std::vector<std::string>
strings_of(const toml::node& node)
{
  std::vector<std::string> out;
  const auto& array = *node.as_array();
  out.reserve(array.size());
  for (const auto& element : array) {
    out.push_back(element.as_string()->get());
  }
  return out;
}

// The integers of an array already checked to hold only integers.
std::vector<std::int64_t>
integers_of(const toml::node& node)
{
  std::vector<std::int64_t> out;
  const auto& array = *node.as_array();
  out.reserve(array.size());
  for (const auto& element : array) {
    out.push_back(element.as_integer()->get());
  }
  return out;
}

// Number of UTF-8 code points in `text` (toml++ counts columns in code points).
std::uint32_t
code_points(std::string_view text)
{
  return static_cast<std::uint32_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation(c); }));
}

// The code points before a byte, given those before the byte before it and that byte (the first
// byte of a line starts a code point even when it is a continuation byte).
std::size_t
advance_code_points(std::size_t count, char c)
{
  return is_continuation(c) && count > 0 ? count : count + 1;
}

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

// Where a table sits, for the messages about its keys.
struct TableContext {
  KeyScope scope;
  std::string_view provider;  ///< for KeyScope::provider
  std::string where;          ///< "at top level", "in [site]", "in [routes.\"/a\"]", …
  bool tables_allowed = true; ///< false in [defaults]: sub-tables belong to the top level
};

// Sets the option `name` (a key of KeyScope::options other than `bypass`) from a checked value.
void
set_option(CacheOptions& options, std::string_view name, const toml::node& value)
{
  const auto integer = [&] { return value.as_integer()->get(); };
  const auto boolean = [&] { return value.as_boolean()->get(); };
  const auto string = [&] { return value.as_string()->get(); };
  if (name == "cache") {
    options.cache = boolean();
  } else if (name == "max_age") {
    options.max_age = integer();
  } else if (name == "swr") {
    options.swr = integer();
  } else if (name == "stale_if_error") {
    options.stale_if_error = integer();
  } else if (name == "browser_max_age") {
    options.browser_max_age = integer();
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

// Checks a TOML document against the key table and builds the typed Config.
class Loader {
public:
  Loader(std::string_view text, std::string_view file)
      : m_text(text)
      , m_file(file)
  {
  }

  // The Config `root` describes, as far as it is usable, and every problem found.
  LoadedConfig load(const toml::table& root);

private:
  // Records a problem.
  void fail(std::string_view code,
            SourcePos begin,
            SourcePos end,
            std::string message,
            std::string suggestion = {});
  // Records a problem about the TOML node or key that spans `region`.
  void fail(std::string_view code,
            const toml::source_region& region,
            std::string message,
            std::string suggestion = {});
  // Records "unknown key" for `key` in the table described by `context`.
  void unknown_key(const toml::key& key, const TableContext& context);
  // Records "`name` must be <type>, not <actual type>" at `value`.
  void type_error(std::string_view name, std::string_view expected, const toml::node& value);
  // Checks `value` against `spec` (type, range, choices); records problems, true when usable.
  bool check(const KeySpec& spec, const toml::node& value);
  // Checks the elements of an array for `spec`; records problems, true when all are usable.
  bool check_elements(const KeySpec& spec, const toml::array& array);
  // Checks the range of an integer for `spec`; `element` is 1-based, 0 for a plain value.
  bool check_range(const KeySpec& spec, const toml::node& value, std::size_t element);
  // Checks a string against the choices of `spec`.
  bool check_choice(const KeySpec& spec, const toml::node& value);
  // Checks every key of `table`; calls `on_key(spec, key, value)` for each usable one.
  template <class OnKey>
  void read_table(const toml::table& table, const TableContext& context, OnKey&& on_key);
  // Reads [site].
  void read_site(const toml::table& table, Config& config);
  // Reads [defaults] or a route's table (`path` is its dotted name, e.g. `routes."/a"`);
  // records key positions when `key_pos` is given.
  CacheOptions read_options(const toml::table& table,
                            const std::string& path,
                            bool is_defaults,
                            std::map<std::string, KeyPlace>* key_pos);
  // Reads [bypass] or a route's bypass table; records `prefix`-ed key positions if asked.
  BypassRules read_bypass(const toml::table& table,
                          const std::string& title,
                          std::map<std::string, KeyPlace>* key_pos,
                          std::string_view prefix);
  // Reads [routes] into config.rules, in file order.
  void read_routes(const toml::table& table, Config& config);
  // Reads [providers] into config.providers, in file order.
  void read_providers(const toml::table& table, Config& config);
  // Where the byte `column` (1-based) of the pattern written as `key` is in the file.
  SourcePos pattern_error_pos(const toml::key& key, std::size_t column);
  // The text of the 1-based `line` of the document, without its line break.
  std::string_view line_text(std::uint32_t line);
  // Byte offset of the 1-based code-point `column` in `line`; nullopt past its end.
  std::optional<std::size_t> byte_offset(std::uint32_t line, std::uint32_t column);

  std::string_view m_text;
  std::string m_file;
  std::vector<Diagnostic> m_errors;
  std::vector<std::size_t> m_line_starts; // filled on first use
  // The code points of the lines byte_offset was asked about, indexed once per line.
  std::unordered_map<std::uint32_t, FoldIndex> m_code_points;
};

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
Loader::type_error(std::string_view name, std::string_view expected, const toml::node& value)
{
  fail("wrong-type",
       value.source(),
       fmt::format("`{}` must be {}, not {}", shown(name), expected, actual_type(value)));
}

bool
Loader::check(const KeySpec& spec, const toml::node& value)
{
  const std::string_view expected = expected_type(spec.type);
  switch (spec.type) {
  case KeyType::integer:
    if (!value.is_integer()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_range(spec, value, 0);
  case KeyType::boolean:
    if (!value.is_boolean()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return true;
  case KeyType::string:
    if (!value.is_string()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_choice(spec, value);
  case KeyType::string_array:
  case KeyType::integer_array:
    if (!value.is_array()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_elements(spec, *value.as_array());
  case KeyType::string_or_string_array:
    if (value.is_string()) {
      return check_choice(spec, value);
    }
    if (!value.is_array()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return check_elements(spec, *value.as_array());
  case KeyType::table:
    if (!value.is_table()) {
      type_error(spec.name, expected, value);
      return false;
    }
    return true;
  case KeyType::number:
    break;
  }
  if (!value.is_integer() && !value.is_floating_point()) {
    type_error(spec.name, expected, value);
    return false;
  }
  const double number = value.is_integer() ? static_cast<double>(value.as_integer()->get())
                                           : value.as_floating_point()->get();
  const toml::source_region& pos = value.source();
  if (!std::isfinite(number)) {
    fail("out-of-range",
         pos,
         fmt::format("`{}` must be a finite number, not {}", spec.name, number_text(value)));
    return false;
  }
  if (!(number > static_cast<double>(spec.min))) {
    fail("out-of-range",
         pos,
         fmt::format(
             "`{}` must be greater than {}, not {}", spec.name, spec.min, number_text(value)));
    return false;
  }
  if (spec.max != 0 && number > static_cast<double>(spec.max)) {
    fail("out-of-range",
         pos,
         fmt::format("`{}` must be at most {}, not {}", spec.name, spec.max, number_text(value)));
    return false;
  }
  return true;
}

bool
Loader::check_elements(const KeySpec& spec, const toml::array& array)
{
  const bool integers = spec.type == KeyType::integer_array;
  bool ok = true;
  std::size_t index = 0;
  for (const auto& element : array) {
    ++index;
    if (integers ? !element.is_integer() : !element.is_string()) {
      fail("wrong-type",
           element.source(),
           fmt::format("`{}` must be {}; element {} is {}",
                       spec.name,
                       expected_type(spec.type),
                       index,
                       actual_type(element)));
      ok = false;
    } else if (integers && !check_range(spec, element, index)) {
      ok = false;
    }
  }
  return ok;
}

bool
Loader::check_range(const KeySpec& spec, const toml::node& value, std::size_t element)
{
  const std::int64_t number = value.as_integer()->get();
  const bool bounded = spec.max != 0;
  if (number >= spec.min && (!bounded || number <= spec.max)) {
    return true;
  }
  if (spec.scope == KeyScope::root && spec.name == "version") {
    // A file from another cachectl, rather than a typo.
    fail("unsupported-version",
         value.source(),
         fmt::format("unsupported config version {} (this cachectl reads version {})",
                     number,
                     config_version));
    return false;
  }
  const std::string range = bounded ? fmt::format("between {} and {}", spec.min, spec.max)
                                    : fmt::format("at least {}", spec.min);
  std::string message =
      element == 0
          ? fmt::format("`{}` must be {}, not {}", spec.name, range, number)
          : fmt::format(
                "`{}` must hold integers {}; element {} is {}", spec.name, range, element, number);
  fail("out-of-range", value.source(), std::move(message));
  return false;
}

bool
Loader::check_choice(const KeySpec& spec, const toml::node& value)
{
  if (spec.choices.empty()) {
    return true;
  }
  const std::string& text = value.as_string()->get();
  const std::vector<std::string_view> choices = split_list(spec.choices);
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) {
    return true;
  }
  std::string allowed;
  for (const std::string_view choice : choices) {
    if (!allowed.empty()) {
      allowed += ", ";
    }
    allowed += toml_quoted(choice);
  }
  if (spec.type == KeyType::string_or_string_array) {
    allowed += " or an array of strings";
  }
  fail("invalid-value",
       value.source(),
       fmt::format("`{}` must be one of {}, not {}", spec.name, allowed, toml_quoted(text)));
  return false;
}

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
    if (spec->type == KeyType::table && !context.tables_allowed) {
      fail("misplaced-key",
           entry.key->source(),
           fmt::format(
               "`{}` is not allowed {}; use the top-level [{}] table", name, context.where, name));
      continue;
    }
    if (check(*spec, *entry.value)) {
      on_key(*spec, *entry.key, *entry.value);
    }
  }
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

CacheOptions
Loader::read_options(const toml::table& table,
                     const std::string& path,
                     bool is_defaults,
                     std::map<std::string, KeyPlace>* key_pos)
{
  CacheOptions options;
  const TableContext context{KeyScope::options, {}, fmt::format("in [{}]", path), !is_defaults};
  read_table(
      table, context, [&](const KeySpec& spec, const toml::key& key, const toml::node& value) {
        if (key_pos != nullptr) {
          (*key_pos)[std::string(spec.name)] = place_of(key, value);
        }
        if (spec.type == KeyType::table) {
          options.bypass = read_bypass(*value.as_table(),
                                       fmt::format("[{}.{}]", path, spec.name),
                                       key_pos,
                                       fmt::format("{}.", spec.name));
        } else {
          set_option(options, spec.name, value);
        }
      });
  return options;
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
    rule.options =
        read_options(*options, fmt::format("routes.{}", toml_quoted(source)), false, &rule.key_pos);
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
    m_line_starts.push_back(m_text.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    for (std::size_t i = 0; i < m_text.size(); ++i) {
      if (m_text[i] == '\n') {
        m_line_starts.push_back(i + 1);
      }
    }
  }
  if (line == 0 || line > m_line_starts.size()) {
    return {};
  }
  const std::size_t start = m_line_starts[line - 1];
  const std::size_t end = line < m_line_starts.size() ? m_line_starts[line] - 1 : m_text.size();
  std::string_view text = m_text.substr(start, end - start);
  if (text.ends_with('\r')) {
    text.remove_suffix(1);
  }
  return text;
}

} // namespace

bool
LoadedConfig::usable() const
{
  return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  });
}

LoadedConfig
read_config(const std::filesystem::path& path)
{
  const std::string file = path.string();
  const auto failure = [&](int error_number) {
    const std::string reason = std::error_code(error_number, std::generic_category()).message();
    LoadedConfig loaded;
    loaded.config.file = file;
    loaded.diagnostics.push_back(Diagnostic{Severity::error,
                                            "read-error",
                                            "cannot read config file: " + reason,
                                            SourceSpan{file, {}, {}},
                                            {},
                                            {}});
    return loaded;
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream(std::fopen(path.c_str(), "rb"),
                                                               &std::fclose);
  if (!stream) {
    return failure(errno);
  }
  std::string text;
  char buffer[65536];
  errno = 0;
  while (true) {
    const std::size_t count = std::fread(buffer, 1, sizeof buffer, stream.get());
    text.append(buffer, count);
    if (count < sizeof buffer) {
      break;
    }
  }
  if (std::ferror(stream.get()) != 0) {
    return failure(errno != 0 ? errno : EIO);
  }
  return read_config_text(text, file);
}

namespace {

// toml++'s message in our style: "Error while parsing X: Y" becomes "invalid TOML in X: Y", and
// the table name of "cannot redefine existing table" (which toml++ 3.3.0 garbles for quoted keys,
// e.g. 'routes."/b/blog"' for [routes."/blog"]) is taken from the header on `line` instead.
std::string
toml_error_message(std::string_view description, std::string_view text, std::uint32_t line)
{
  std::string message(description);
  constexpr std::string_view prefix = "Error while parsing ";
  if (message.starts_with(prefix)) {
    message = "invalid TOML in " + message.substr(prefix.size());
  }
  constexpr std::string_view redefine = "cannot redefine existing table '";
  const std::size_t at = message.find(redefine);
  if (at == std::string::npos || line == 0) {
    return message;
  }
  std::size_t start = 0;
  for (std::uint32_t n = 1; n < line && start != std::string_view::npos; ++n) {
    start = text.find('\n', start);
    start = start == std::string_view::npos ? start : start + 1;
  }
  if (start == std::string_view::npos) {
    return message;
  }
  std::string_view header = text.substr(start, text.find('\n', start) - start);
  const std::size_t open = header.find('[');
  const std::size_t close = header.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open) {
    return message;
  }
  header = header.substr(open + 1, close - open - 1);
  while (!header.empty() && (header.front() == '[' || header.front() == ' ')) {
    header.remove_prefix(1);
  }
  while (!header.empty() && (header.back() == ']' || header.back() == ' ')) {
    header.remove_suffix(1);
  }
  return message.substr(0, at) + std::string(redefine) + std::string(header) + "'";
}

// The position of byte `offset` of `text` as toml++ counts it (columns in code points, a byte
// order mark not counted).
SourcePos
toml_pos(std::string_view text, std::size_t offset)
{
  const std::string_view before = text.substr(0, offset);
  const std::size_t line_start = before.rfind('\n') + 1; // npos + 1 is 0
  std::uint32_t column = code_points(before.substr(line_start)) + 1;
  if (line_start == 0 && before.starts_with("\xEF\xBB\xBF")) {
    --column;
  }
  const auto lines = static_cast<std::uint32_t>(std::count(before.begin(), before.end(), '\n'));
  return SourcePos{lines + 1, column};
}

// A config that could not be parsed: `text` with one toml-syntax error at `at`.
LoadedConfig
syntax_error(std::string_view text, std::string_view file, SourcePos at, std::string message)
{
  LoadedConfig loaded;
  loaded.config.file = std::string(file);
  loaded.text = std::string(text);
  loaded.diagnostics.push_back(Diagnostic{Severity::error,
                                          "toml-syntax",
                                          std::move(message),
                                          SourceSpan{std::string(file), at, at},
                                          {},
                                          {}});
  return loaded;
}

} // namespace

LoadedConfig
read_config_text(std::string_view text, std::string_view file)
{
  // Refused before toml++ sees it: toml++ would overflow the stack on it (toml_nesting.hpp).
  const TomlNesting nesting = toml_nesting(text);
  if (nesting.depth > max_toml_nesting) {
    return syntax_error(text,
                        file,
                        toml_pos(text, nesting.offset),
                        fmt::format("invalid TOML: tables, dotted keys and arrays nested more "
                                    "than {} levels deep",
                                    max_toml_nesting));
  }
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    const SourcePos at = to_pos(error.source().begin);
    return syntax_error(text, file, at, toml_error_message(error.description(), text, at.line));
  }
  return Loader(text, file).load(root);
}

namespace {

// The config of `loaded`, or its diagnostics when one of them is an error.
Result<Config>
usable_or_errors(LoadedConfig loaded)
{
  if (loaded.usable()) {
    return std::move(loaded.config);
  }
  return std::unexpected(std::move(loaded.diagnostics));
}

} // namespace

Result<Config>
load_config(const std::filesystem::path& path)
{
  return usable_or_errors(read_config(path));
}

Result<Config>
parse_config(std::string_view text, std::string_view file)
{
  return usable_or_errors(read_config_text(text, file));
}

} // namespace cachectl
