#include "analysis/toml_text.hpp"
#include "util/edit_distance.hpp"
#include "util/text.hpp"
#include "util/toml_nesting.hpp"

#include <cachectl/analysis/expectation_run.hpp>
#include <cachectl/analysis/expectations.hpp>
#include <cachectl/config/config_keys.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace cachectl {

namespace {

constexpr std::array<std::string_view, 4> root_key_names = {
    "version", "config", "provider", "case"};
constexpr std::array<std::string_view, 8> case_key_names = {
    "name", "url", "method", "status", "request_headers", "provider", "expect", "headers"};
constexpr std::array<std::string_view, 3> expect_key_names = {"rule", "params", "cache"};

SourcePos
to_pos(const toml::source_position& position)
{
  return SourcePos{position.line, position.column};
}

KeyPlace
place_of(const toml::key& key, const toml::node& value)
{
  return KeyPlace{to_pos(key.source().begin),
                  to_pos(key.source().end),
                  to_pos(value.source().begin),
                  to_pos(value.source().end)};
}

// The TOML type of `node` with its article, for messages.
std::string_view
type_of(const toml::node& node)
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
  case toml::node_type::array:
    return "an array";
  case toml::node_type::table:
    return "a table";
  default:
    break;
  }
  return "a date or time";
}

// The entries of `table` in the order they are written (toml::table is ordered by key).
std::vector<std::pair<const toml::key*, const toml::node*>>
in_file_order(const toml::table& table)
{
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, value] : table) {
    entries.emplace_back(&key, &value);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const SourcePos x = to_pos(a.first->source().begin);
    const SourcePos y = to_pos(b.first->source().begin);
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return entries;
}

// The candidate closest to a misspelt `name` (case, then edit distance ≤ 2); empty if none.
std::string
closest(std::string_view name, const std::vector<std::string_view>& candidates)
{
  for (std::string_view c : candidates) {
    if (ascii_lower(c) == ascii_lower(name)) {
      return std::string(c);
    }
  }
  std::string best;
  std::size_t best_distance = 3;
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(name, c, 2);
    if (d < best_distance) {
      best = std::string(c);
      best_distance = d;
    }
  }
  return best;
}

// The option keys `[case.expect]` takes: the key table's options but `cache` (the decision
// replaces it) and sub-tables (`bypass`).
std::vector<const KeySpec*>
expect_option_keys()
{
  std::vector<const KeySpec*> out;
  for (const KeySpec& spec : config_keys()) {
    if (spec.scope == KeyScope::options && spec.name != "cache" && spec.type != KeyType::table) {
      out.push_back(&spec);
    }
  }
  return out;
}

// The names of the header providers.
std::vector<std::string_view>
header_provider_names()
{
  std::vector<std::string_view> out;
  for (const ProviderInfo* provider : header_providers()) {
    out.push_back(provider->name);
  }
  return out;
}

// Reads the tables of one expectation file, collecting every problem.
class Reader {
public:
  Reader(std::string_view text, std::string_view file)
      : m_file(file)
  {
    m_out.file = std::string(file);
    m_out.text = std::string(text);
  }

  Result<ExpectationFile>
  read(const toml::table& root)
  {
    bool has_version = false;
    for (const auto& [key, value] : in_file_order(root)) {
      const std::string name(key->str());
      if (name == "version") {
        has_version = true;
        const auto* v = value->as_integer();
        if (v == nullptr) {
          wrong_type(*key, *value, "an integer");
        } else if (v->get() != expectations_version) {
          fail("unsupported-version",
               *value,
               fmt::format("expectation file version {} is not supported (this cachectl reads "
                           "version {})",
                           v->get(),
                           expectations_version));
        }
      } else if (name == "config") {
        string_into(*key, *value, m_out.config);
      } else if (name == "provider") {
        if (string_into(*key, *value, m_out.provider)) {
          check_provider(value->source(), m_out.provider);
        }
      } else if (name == "case") {
        read_cases(*key, *value);
      } else {
        unknown(*key, "the top level", {root_key_names.begin(), root_key_names.end()});
      }
    }
    if (!has_version) {
      m_errors.push_back(Diagnostic{Severity::error,
                                    "missing-version",
                                    "the expectation file has no `version = 1`",
                                    SourceSpan{m_out.file, {1, 1}, {1, 1}},
                                    {},
                                    "version = 1"});
    }
    if (!m_errors.empty()) {
      std::stable_sort(
          m_errors.begin(), m_errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
            const SourcePos& x = a.span.begin;
            const SourcePos& y = b.span.begin;
            return x.line != y.line ? x.line < y.line : x.column < y.column;
          });
      return std::unexpected(std::move(m_errors));
    }
    return std::move(m_out);
  }

private:
  SourceSpan
  span(const toml::source_region& region) const
  {
    return SourceSpan{m_file, to_pos(region.begin), to_pos(region.end)};
  }

  void
  fail(std::string code, const toml::node& at, std::string message, std::string suggestion = {})
  {
    fail(std::move(code), at.source(), std::move(message), std::move(suggestion));
  }

  void
  fail(std::string code,
       const toml::source_region& at,
       std::string message,
       std::string suggestion = {})
  {
    m_errors.push_back(Diagnostic{
        Severity::error, std::move(code), std::move(message), span(at), {}, std::move(suggestion)});
  }

  void
  wrong_type(const toml::key& key, const toml::node& value, std::string_view wanted)
  {
    fail("wrong-type",
         value,
         fmt::format("`{}` must be {}, not {}", key.str(), wanted, type_of(value)));
  }

  void
  unknown(const toml::key& key, std::string_view where, const std::vector<std::string_view>& known)
  {
    const std::string suggestion = closest(key.str(), known);
    std::string message = fmt::format("unknown key `{}` in {}", key.str(), where);
    if (!suggestion.empty()) {
      message += fmt::format("; did you mean `{}`?", suggestion);
    }
    m_errors.push_back(Diagnostic{
        Severity::error, "unknown-key", std::move(message), span(key.source()), {}, suggestion});
  }

  bool
  string_into(const toml::key& key, const toml::node& value, std::string& out)
  {
    if (const auto* s = value.as_string()) {
      out = s->get();
      return true;
    }
    wrong_type(key, value, "a string");
    return false;
  }

  // True when `name` has a header profile; otherwise reports it at `at`.
  bool
  check_provider(const toml::source_region& at, std::string_view name)
  {
    const ProviderInfo* provider = find_provider(name);
    if (provider != nullptr && provider->headers.available) {
      return true;
    }
    const std::string suggestion = closest(name, header_provider_names());
    std::string message = fmt::format("unknown provider `{}`", name);
    message += suggestion.empty()
                   ? fmt::format(" (providers: {})", fmt::join(header_provider_names(), ", "))
                   : fmt::format("; did you mean `{}`?", suggestion);
    fail("invalid-value", at, std::move(message), suggestion);
    return false;
  }

  void
  read_cases(const toml::key& key, const toml::node& value)
  {
    const auto* cases = value.as_array();
    if (cases == nullptr) {
      wrong_type(key, value, "an array of tables ([[case]])");
      return;
    }
    for (const auto& item : *cases) {
      const auto* table = item.as_table();
      if (table == nullptr) {
        fail("wrong-type", item, "each `case` must be a table ([[case]])");
        continue;
      }
      read_case(*table);
    }
  }

  void
  read_case(const toml::table& table)
  {
    TestCase c;
    c.pos = to_pos(table.source().begin);
    bool has_url = false;
    for (const auto& [key, value] : in_file_order(table)) {
      const std::string name(key->str());
      if (name == "name") {
        string_into(*key, *value, c.name);
      } else if (name == "url") {
        has_url = string_into(*key, *value, c.url);
      } else if (name == "method") {
        if (string_into(*key, *value, c.method) && !is_token(c.method)) {
          fail("invalid-value", *value, fmt::format("`{}` is not an HTTP method", c.method));
        }
      } else if (name == "status") {
        const auto* v = value->as_integer();
        if (v == nullptr || v->get() < 100 || v->get() > 599) {
          fail(v == nullptr ? "wrong-type" : "invalid-value",
               *value,
               "`status` must be an integer from 100 to 599");
        } else {
          c.status = v->get();
        }
      } else if (name == "request_headers") {
        read_request_headers(*key, *value, c);
      } else if (name == "provider") {
        if (string_into(*key, *value, c.provider)) {
          check_provider(value->source(), c.provider);
        }
      } else if (name == "expect") {
        read_expect(*key, *value, c);
      } else if (name == "headers") {
        read_headers(*key, *value, c);
      } else {
        unknown(*key, "[[case]]", {case_key_names.begin(), case_key_names.end()});
      }
    }
    if (!has_url) {
      m_errors.push_back(Diagnostic{Severity::error,
                                    "invalid-value",
                                    "a [[case]] needs a `url`",
                                    SourceSpan{m_file, c.pos, c.pos},
                                    {},
                                    {}});
    }
    m_out.cases.push_back(std::move(c));
  }

  void
  read_request_headers(const toml::key& key, const toml::node& value, TestCase& c)
  {
    const auto* table = value.as_table();
    if (table == nullptr) {
      wrong_type(key, value, "a table of header names and values");
      return;
    }
    for (const auto& [name, v] : in_file_order(*table)) {
      const auto* s = v->as_string();
      if (s == nullptr) {
        wrong_type(*name, *v, "a string");
      } else if (!is_token(name->str())) {
        fail("invalid-value", *v, fmt::format("`{}` is not a header name", name->str()));
      } else {
        c.request_headers.emplace_back(std::string(name->str()), s->get());
      }
    }
  }

  void
  read_expect(const toml::key& key, const toml::node& value, TestCase& c)
  {
    const auto* table = value.as_table();
    if (table == nullptr) {
      wrong_type(key, value, "a table");
      return;
    }
    const auto options = expect_option_keys();
    for (const auto& [k, v] : in_file_order(*table)) {
      const std::string name(k->str());
      Expectation e;
      e.key = name;
      e.place = place_of(*k, *v);
      e.expected = toml_text(*v);
      if (name == "rule") {
        e.kind = Expectation::Kind::rule;
        if (!v->is_string() && !(v->is_boolean() && !v->as_boolean()->get())) {
          wrong_type(*k, *v, "a pattern string, or false for no rule");
          continue;
        }
      } else if (name == "params") {
        e.kind = Expectation::Kind::params;
        const auto* t = v->as_table();
        if (t == nullptr || !std::all_of(t->begin(), t->end(), [](const auto& p) {
              return p.second.is_string();
            })) {
          wrong_type(*k, *v, "a table of strings");
          continue;
        }
      } else if (name == "cache") {
        e.kind = Expectation::Kind::cache;
        if (!v->is_boolean()) {
          wrong_type(*k, *v, "a boolean");
          continue;
        }
      } else {
        const auto spec = std::find_if(
            options.begin(), options.end(), [&](const KeySpec* s) { return s->name == name; });
        if (spec == options.end()) {
          std::vector<std::string_view> known(expect_key_names.begin(), expect_key_names.end());
          for (const KeySpec* s : options) {
            known.push_back(s->name);
          }
          unknown(*k, "[case.expect]", known);
          continue;
        }
        e.kind = Expectation::Kind::option;
        auto expected = option_expected(*k, *v);
        if (!expected) {
          continue;
        }
        e.expected = std::move(*expected);
      }
      c.expectations.push_back(std::move(e));
    }
  }

  // The expected value of option `key` as the config loader reads it (its type checks and
  // messages, and forms such as durations normalized), rendered as the actual answer is; nullopt
  // after reporting the problem.
  std::optional<std::string>
  option_expected(const toml::key& key, const toml::node& value)
  {
    const std::string text =
        fmt::format("version = 1\n[defaults]\n{} = {}\n", toml_key(key.str()), toml_text(value));
    const LoadedConfig loaded = read_config_text(text, m_file);
    for (const Diagnostic& d : loaded.diagnostics) {
      if (d.severity == Severity::error) {
        fail(d.code, value, d.message);
        return std::nullopt;
      }
    }
    auto expected = option_value(loaded.config.defaults, key.str());
    if (!expected) {
      fail("invalid-value",
           value,
           fmt::format("`{}` cannot be compared by this version of cachectl test", key.str()));
    }
    return expected;
  }

  // `[case.headers]`: provider tables, or header entries of the case's default provider.
  void
  read_headers(const toml::key& key, const toml::node& value, TestCase& c)
  {
    const auto* table = value.as_table();
    if (table == nullptr) {
      wrong_type(key, value, "a table");
      return;
    }
    for (const auto& [k, v] : in_file_order(*table)) {
      if (const auto* provider = v->as_table()) {
        if (!check_provider(k->source(), k->str())) {
          continue;
        }
        for (const auto& [name, header] : in_file_order(*provider)) {
          add_header(c, std::string(k->str()), *name, *header);
        }
      } else {
        add_header(c, {}, *k, *v);
      }
    }
  }

  void
  add_header(TestCase& c, std::string provider, const toml::key& name, const toml::node& value)
  {
    const auto* array = value.as_array();
    const bool fits = value.is_string() || (value.is_boolean() && !value.as_boolean()->get()) ||
                      (array != nullptr && !array->empty() &&
                       std::all_of(array->begin(), array->end(), [](const toml::node& n) {
                         return n.is_string();
                       }));
    if (!fits) {
      wrong_type(
          name, value, "a string, an array of strings (one per header line), or false (absent)");
      return;
    }
    if (!is_token(name.str())) {
      fail("invalid-value", value, fmt::format("`{}` is not a header name", name.str()));
      return;
    }
    Expectation e;
    e.kind = Expectation::Kind::header;
    e.key = std::string(name.str());
    e.provider = std::move(provider);
    e.expected = toml_text(value);
    e.place = place_of(name, value);
    c.expectations.push_back(std::move(e));
  }

  std::string m_file;
  ExpectationFile m_out;
  std::vector<Diagnostic> m_errors;
};

// toml++'s message in our style: "Error while parsing X: Y" becomes "invalid TOML in X: Y".
std::string
toml_message(std::string_view description)
{
  std::string message(description);
  constexpr std::string_view prefix = "Error while parsing ";
  return message.starts_with(prefix) ? "invalid TOML in " + message.substr(prefix.size()) : message;
}

Result<ExpectationFile>
syntax_error(std::string_view file, SourcePos at, std::string message)
{
  return std::unexpected(std::vector<Diagnostic>{Diagnostic{Severity::error,
                                                            "toml-syntax",
                                                            std::move(message),
                                                            SourceSpan{std::string(file), at, at},
                                                            {},
                                                            {}}});
}

} // namespace

std::span<const std::string_view>
case_keys()
{
  return case_key_names;
}

std::span<const std::string_view>
expect_keys()
{
  return expect_key_names;
}

Result<ExpectationFile>
parse_expectations(std::string_view text, std::string_view file)
{
  const TomlNesting nesting = toml_nesting(text);
  if (nesting.depth > max_toml_nesting) {
    return syntax_error(
        file,
        SourcePos{1, 1},
        fmt::format("invalid TOML: nested more than {} levels deep", max_toml_nesting));
  }
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    return syntax_error(file, to_pos(error.source().begin), toml_message(error.description()));
  }
  return Reader(text, file).read(root);
}

Result<ExpectationFile>
load_expectations(const std::filesystem::path& path)
{
  std::error_code ec;
  std::ifstream in;
  if (!std::filesystem::is_directory(path, ec)) {
    in.open(path, std::ios::binary);
  }
  if (!in) {
    const bool exists = std::filesystem::exists(path, ec);
    return std::unexpected(std::vector<Diagnostic>{
        Diagnostic{Severity::error,
                   "toml-syntax",
                   fmt::format("cannot read expectation file: {}",
                               !exists ? "No such file or directory"
                               : std::filesystem::is_directory(path, ec) ? "Is a directory"
                                                                         : "Permission denied"),
                   SourceSpan{path.string(), {}, {}},
                   {},
                   {}}});
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_expectations(buffer.str(), path.string());
}

std::filesystem::path
expectations_path_for(const std::filesystem::path& config)
{
  std::filesystem::path out = config;
  return out.replace_extension(".test.toml");
}

std::filesystem::path
config_path_for(const ExpectationFile& file)
{
  const std::filesystem::path path(file.file);
  if (!file.config.empty()) {
    const std::filesystem::path named(file.config);
    return named.is_absolute() ? named : path.parent_path() / named;
  }
  const std::string name = path.filename().string();
  constexpr std::string_view suffix = ".test.toml";
  if (name.size() > suffix.size() && name.ends_with(suffix)) {
    return path.parent_path() / (name.substr(0, name.size() - suffix.size()) + ".toml");
  }
  return {};
}

} // namespace cachectl
