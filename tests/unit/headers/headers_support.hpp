// Shared by the `headers` unit tests: an independent RFC 9651 Dictionary parser and helpers that
// load a config and render one URL's headers.
#pragma once

#include <cachectl/config/config.hpp>
#include <cachectl/headers/headers.hpp>
#include <cachectl/headers/policy.hpp>
#include <cachectl/match/matcher.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cachectl::test {

// ---------------------------------------------------------------------------------------------
// An RFC 9651 (Structured Field Values) Dictionary parser, following the parsing algorithms of
// §4.2 step by step. It shares nothing with lib/src/headers/headers.cpp.

// A parsed bare item: which type it is and its value.
struct SfValue {
  enum class Type { integer, decimal, string, token, byte_sequence, boolean, inner_list };
  Type type = Type::boolean;
  std::int64_t integer = 0;
  double decimal = 0;
  std::string text; ///< string, token or byte sequence (base64 as written)
  bool boolean = false;

  friend bool operator==(const SfValue&, const SfValue&) = default;
};

// An SfValue of type Integer.
inline SfValue
sf_int(std::int64_t n)
{
  SfValue v;
  v.type = SfValue::Type::integer;
  v.integer = n;
  return v;
}

// An SfValue of type Boolean.
inline SfValue
sf_bool(bool b)
{
  SfValue v;
  v.type = SfValue::Type::boolean;
  v.boolean = b;
  return v;
}

// An SfValue of type String.
inline SfValue
sf_str(std::string s)
{
  SfValue v;
  v.type = SfValue::Type::string;
  v.text = std::move(s);
  return v;
}

// The RFC 9651 §4.2 parser state: the remaining input.
class SfParser {
public:
  explicit SfParser(std::string_view input)
      : m_in(input)
  {
  }

  // §4.2 "Parsing Structured Fields" for field_type "dictionary".
  std::optional<std::vector<std::pair<std::string, SfValue>>>
  dictionary()
  {
    discard_sp();
    std::vector<std::pair<std::string, SfValue>> dict;
    // §4.2.2 Parsing a Dictionary.
    while (!m_in.empty()) {
      auto key = parse_key();
      if (!key) {
        return std::nullopt;
      }
      SfValue value;
      if (!m_in.empty() && m_in.front() == '=') {
        m_in.remove_prefix(1);
        auto member = item_or_inner_list();
        if (!member) {
          return std::nullopt;
        }
        value = *member;
      } else {
        value = sf_bool(true);
        if (!parameters()) {
          return std::nullopt;
        }
      }
      auto existing = std::find_if(
          dict.begin(), dict.end(), [&](const auto& member) { return member.first == *key; });
      if (existing != dict.end()) {
        existing->second = value; // a later duplicate overwrites the value
      } else {
        dict.emplace_back(*key, value);
      }
      discard_ows();
      if (m_in.empty()) {
        break;
      }
      if (m_in.front() != ',') {
        return std::nullopt;
      }
      m_in.remove_prefix(1);
      discard_ows();
      if (m_in.empty()) {
        return std::nullopt; // a trailing comma
      }
    }
    discard_sp();
    if (!m_in.empty()) {
      return std::nullopt;
    }
    return dict;
  }

  // §4.2 for field_type "list" (Cache-Groups is a List of Strings).
  std::optional<std::vector<SfValue>>
  list()
  {
    discard_sp();
    std::vector<SfValue> items;
    // §4.2.1 Parsing a List.
    while (!m_in.empty()) {
      auto member = item_or_inner_list();
      if (!member) {
        return std::nullopt;
      }
      items.push_back(*member);
      discard_ows();
      if (m_in.empty()) {
        break;
      }
      if (m_in.front() != ',') {
        return std::nullopt;
      }
      m_in.remove_prefix(1);
      discard_ows();
      if (m_in.empty()) {
        return std::nullopt;
      }
    }
    return items;
  }

private:
  static bool
  lcalpha(char c)
  {
    return c >= 'a' && c <= 'z';
  }
  static bool
  alpha(char c)
  {
    return lcalpha(c) || (c >= 'A' && c <= 'Z');
  }
  static bool
  digit(char c)
  {
    return c >= '0' && c <= '9';
  }
  static bool
  tchar(char c)
  {
    return alpha(c) || digit(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  }

  void
  discard_sp()
  {
    while (!m_in.empty() && m_in.front() == ' ') {
      m_in.remove_prefix(1);
    }
  }
  void
  discard_ows()
  {
    while (!m_in.empty() && (m_in.front() == ' ' || m_in.front() == '\t')) {
      m_in.remove_prefix(1);
    }
  }

  // §4.2.3.3 Parsing a Key.
  std::optional<std::string>
  parse_key()
  {
    if (m_in.empty() || !(lcalpha(m_in.front()) || m_in.front() == '*')) {
      return std::nullopt;
    }
    std::string key;
    while (!m_in.empty()) {
      const char c = m_in.front();
      if (!(lcalpha(c) || digit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
        break;
      }
      key += c;
      m_in.remove_prefix(1);
    }
    return key;
  }

  // §4.2.1.1 Parsing an Item or Inner List.
  std::optional<SfValue>
  item_or_inner_list()
  {
    if (!m_in.empty() && m_in.front() == '(') {
      // §4.2.1.2 Parsing an Inner List (the members are not needed by these tests).
      m_in.remove_prefix(1);
      while (true) {
        discard_sp();
        if (m_in.empty()) {
          return std::nullopt;
        }
        if (m_in.front() == ')') {
          m_in.remove_prefix(1);
          if (!parameters()) {
            return std::nullopt;
          }
          SfValue v;
          v.type = SfValue::Type::inner_list;
          return v;
        }
        if (!item()) {
          return std::nullopt;
        }
        if (!m_in.empty() && m_in.front() != ' ' && m_in.front() != ')') {
          return std::nullopt;
        }
      }
    }
    return item();
  }

  // §4.2.3 Parsing an Item: a bare item and its parameters.
  std::optional<SfValue>
  item()
  {
    auto bare = bare_item();
    if (!bare || !parameters()) {
      return std::nullopt;
    }
    return bare;
  }

  // §4.2.3.2 Parsing Parameters (values are checked, then dropped).
  bool
  parameters()
  {
    while (!m_in.empty() && m_in.front() == ';') {
      m_in.remove_prefix(1);
      discard_sp();
      if (!parse_key()) {
        return false;
      }
      if (!m_in.empty() && m_in.front() == '=') {
        m_in.remove_prefix(1);
        if (!bare_item()) {
          return false;
        }
      }
    }
    return true;
  }

  // §4.2.3.1 Parsing a Bare Item.
  std::optional<SfValue>
  bare_item()
  {
    if (m_in.empty()) {
      return std::nullopt;
    }
    const char c = m_in.front();
    if (c == '-' || digit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (alpha(c) || c == '*') {
      return token();
    }
    if (c == ':') {
      return byte_sequence();
    }
    if (c == '?') {
      return boolean();
    }
    return std::nullopt;
  }

  // §4.2.4 Parsing an Integer or Decimal.
  std::optional<SfValue>
  number()
  {
    bool negative = false;
    if (m_in.front() == '-') {
      negative = true;
      m_in.remove_prefix(1);
    }
    if (m_in.empty() || !digit(m_in.front())) {
      return std::nullopt;
    }
    std::string digits;
    bool decimal = false;
    while (!m_in.empty()) {
      const char c = m_in.front();
      if (digit(c)) {
        digits += c;
      } else if (!decimal && c == '.') {
        if (digits.size() > 12) {
          return std::nullopt;
        }
        digits += c;
        decimal = true;
      } else {
        break;
      }
      m_in.remove_prefix(1);
      if (!decimal && digits.size() > 15) {
        return std::nullopt;
      }
      if (decimal && digits.size() > 16) {
        return std::nullopt;
      }
    }
    SfValue v;
    if (!decimal) {
      v.type = SfValue::Type::integer;
      v.integer = std::stoll(digits) * (negative ? -1 : 1);
      return v;
    }
    if (digits.back() == '.' || digits.size() - digits.find('.') - 1 > 3) {
      return std::nullopt;
    }
    v.type = SfValue::Type::decimal;
    v.decimal = std::stod(digits) * (negative ? -1 : 1);
    return v;
  }

  // §4.2.5 Parsing a String.
  std::optional<SfValue>
  string()
  {
    m_in.remove_prefix(1);
    std::string out;
    while (!m_in.empty()) {
      const char c = m_in.front();
      m_in.remove_prefix(1);
      if (c == '\\') {
        if (m_in.empty() || (m_in.front() != '"' && m_in.front() != '\\')) {
          return std::nullopt;
        }
        out += m_in.front();
        m_in.remove_prefix(1);
      } else if (c == '"') {
        return sf_str(out);
      } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        return std::nullopt;
      } else {
        out += c;
      }
    }
    return std::nullopt; // no closing quote
  }

  // §4.2.6 Parsing a Token.
  std::optional<SfValue>
  token()
  {
    SfValue v;
    v.type = SfValue::Type::token;
    while (!m_in.empty() && (tchar(m_in.front()) || m_in.front() == ':' || m_in.front() == '/')) {
      v.text += m_in.front();
      m_in.remove_prefix(1);
    }
    return v;
  }

  // §4.2.7 Parsing a Byte Sequence (kept as its base64 text).
  std::optional<SfValue>
  byte_sequence()
  {
    m_in.remove_prefix(1);
    const std::size_t end = m_in.find(':');
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    SfValue v;
    v.type = SfValue::Type::byte_sequence;
    v.text = std::string(m_in.substr(0, end));
    m_in.remove_prefix(end + 1);
    return v;
  }

  // §4.2.8 Parsing a Boolean.
  std::optional<SfValue>
  boolean()
  {
    m_in.remove_prefix(1);
    if (m_in.empty() || (m_in.front() != '0' && m_in.front() != '1')) {
      return std::nullopt;
    }
    const bool value = m_in.front() == '1';
    m_in.remove_prefix(1);
    return sf_bool(value);
  }

  std::string_view m_in;
};

using SfDict = std::vector<std::pair<std::string, SfValue>>;

// A config from TOML text (which must load).
inline Config
load(std::string_view text)
{
  auto config = parse_config(text, "cache.toml");
  REQUIRE_MESSAGE(config.has_value(), "the test config does not load");
  return std::move(*config);
}

// The `[providers.<name>]` table of `config`, or null.
inline const ProviderSettings*
settings_of(const Config& config, std::string_view name)
{
  for (const auto& settings : config.providers) {
    if (settings.name == name) {
      return &settings;
    }
  }
  return nullptr;
}

// The header set of `url` for `provider` under `config`.
inline HeaderSet
render(const Config& config, std::string_view url, std::string_view provider, Request request = {})
{
  const ProviderInfo* info = find_provider(provider);
  REQUIRE(info != nullptr);
  const ReferenceMatcher matcher(config);
  const Resolution r = resolve(config, matcher, url);
  REQUIRE(r.match.has_value());
  request.query = r.url.query;
  request.has_query = r.url.has_query;
  const Policy policy = decide_policy(config, *r.match, request);
  return generate_headers(*info, policy, settings_of(config, provider));
}

// A header list from name/value pairs.
inline std::vector<Header>
hs(std::initializer_list<std::pair<const char*, const char*>> pairs)
{
  std::vector<Header> out;
  for (const auto& [name, value] : pairs) {
    out.push_back({name, value});
  }
  return out;
}

// The values of the headers called `name`, in order.
inline std::vector<std::string>
values_of(const HeaderSet& set, std::string_view name)
{
  std::vector<std::string> out;
  for (const auto& header : set.headers) {
    if (header.name == name) {
      out.push_back(header.value);
    }
  }
  return out;
}

} // namespace cachectl::test
