// `headers`: golden headers per provider, limits, escaping, and the structured-field output read
// back by an RFC 9651 parser written here (independent of the generator's serializer).
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

using namespace cachectl;

namespace {

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
SfValue
sf_int(std::int64_t n)
{
  SfValue v;
  v.type = SfValue::Type::integer;
  v.integer = n;
  return v;
}

// An SfValue of type Boolean.
SfValue
sf_bool(bool b)
{
  SfValue v;
  v.type = SfValue::Type::boolean;
  v.boolean = b;
  return v;
}

// An SfValue of type String.
SfValue
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

// ---------------------------------------------------------------------------------------------

// A config from TOML text (which must load).
Config
load(std::string_view text)
{
  auto config = parse_config(text, "cache.toml");
  REQUIRE_MESSAGE(config.has_value(), "the test config does not load");
  return std::move(*config);
}

// The `[providers.<name>]` table of `config`, or null.
const ProviderSettings*
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
HeaderSet
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
std::vector<Header>
hs(std::initializer_list<std::pair<const char*, const char*>> pairs)
{
  std::vector<Header> out;
  for (const auto& [name, value] : pairs) {
    out.push_back({name, value});
  }
  return out;
}

// The values of the headers called `name`, in order.
std::vector<std::string>
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

// One expected rendering.
struct Golden {
  std::string_view provider;
  std::vector<Header> headers;
};

// Checks every provider of `goldens` against `config` for `url`; every header provider must be
// covered.
void
check_goldens(const Config& config, std::string_view url, const std::vector<Golden>& goldens)
{
  CHECK(goldens.size() == header_providers().size());
  for (const auto& golden : goldens) {
    CAPTURE(golden.provider);
    CHECK(render(config, url, golden.provider).headers == golden.headers);
  }
}

} // namespace

TEST_SUITE_BEGIN("headers");

TEST_CASE("independent RFC 9651 parser: accepts and rejects what §4.2 says")
{
  auto d =
      SfParser("max-age=60, must-revalidate, a=?0, b=\"x\\\"y\", c=tok/en, d=1.5;p=1").dictionary();
  REQUIRE(d);
  CHECK(d->size() == 6);
  CHECK((*d)[0] == std::pair<std::string, SfValue>{"max-age", sf_int(60)});
  CHECK((*d)[1].second == sf_bool(true));
  CHECK((*d)[2].second == sf_bool(false));
  CHECK((*d)[3].second == sf_str("x\"y"));
  CHECK((*d)[4].second.type == SfValue::Type::token);
  CHECK((*d)[5].second.type == SfValue::Type::decimal);
  // Later duplicates overwrite (§4.2.2), unlike Cache-Control.
  CHECK(SfParser("max-age=60, max-age=0").dictionary()->at(0).second == sf_int(0));
  CHECK_FALSE(SfParser("max-age=60,").dictionary());              // trailing comma
  CHECK_FALSE(SfParser("Max-Age=60").dictionary());               // keys are lowercase
  CHECK_FALSE(SfParser("max-age=1234567890123456").dictionary()); // 16 digits
  CHECK_FALSE(SfParser("max-age=\"60").dictionary());             // unterminated string
  CHECK_FALSE(SfParser("max-age=60 private").dictionary());
  CHECK(SfParser("max-age=\"60\"").dictionary()->at(0).second == sf_str("60"));
  CHECK(SfParser("").dictionary()->empty());
}

TEST_CASE("serialize_sf_dictionary and serialize_sf_string follow RFC 9651 §4.1")
{
  CHECK(serialize_sf_dictionary({{"max-age", std::int64_t{60}},
                                 {"public", true},
                                 {"no-store", false},
                                 {"note", std::string("a \"b\" \\c")}}) ==
        "max-age=60, public, no-store=?0, note=\"a \\\"b\\\" \\\\c\"");
  CHECK(serialize_sf_dictionary({}).empty());
  CHECK(serialize_sf_dictionary({{"Max-Age", std::int64_t{1}}}).empty()); // §4.1.1.3 lcalpha
  CHECK(serialize_sf_dictionary({{"9a", true}}).empty());
  CHECK(serialize_sf_dictionary({{"a", std::int64_t{1'000'000'000'000'000}}}).empty()); // §4.1.4
  CHECK(serialize_sf_dictionary({{"a", std::int64_t{-999'999'999'999'999}}}) ==
        "a=-999999999999999");
  CHECK(serialize_sf_dictionary({{"a", std::string("tab\there")}}).empty()); // §4.1.6
  CHECK(serialize_sf_string("") == "\"\"");
  CHECK(serialize_sf_string("caf\xc3\xa9").empty());
}

TEST_CASE("edge_control_time picks the largest unit that divides")
{
  // Edge-Control times take a unit suffix s, m, h or d (https://http.dev/edge-control).
  CHECK(edge_control_time(0) == "0s");
  CHECK(edge_control_time(59) == "59s");
  CHECK(edge_control_time(60) == "1m");
  CHECK(edge_control_time(90) == "90s");
  CHECK(edge_control_time(300) == "5m");
  CHECK(edge_control_time(7200) == "2h");
  CHECK(edge_control_time(86400) == "1d");
  CHECK(edge_control_time(31536000) == "365d");
  CHECK(edge_control_time(86460) == "1441m");
}

TEST_CASE("encode_tag: percent-encodes what the provider forbids, never truncates")
{
  const TagSyntax& cloudflare = cloudflare_provider.tags;
  const TagSyntax& fastly = fastly_provider.tags;
  const TagSyntax& akamai = akamai_provider.tags;
  // Cloudflare: printable ASCII, no spaces; the comma separates (purge-by-tags page).
  CHECK(encode_tag(cloudflare, "post:hello") == "post:hello");
  CHECK(encode_tag(cloudflare, "a b,c") == "a%20b%2Cc");
  // `%` itself is encoded so decoding is unambiguous: "100%" and "100%25" stay different.
  CHECK(encode_tag(cloudflare, "100%") == "100%25");
  CHECK(encode_tag(cloudflare, "100%25") == "100%2525");
  CHECK(encode_tag(cloudflare, "caf\xc3\xa9") == "caf%C3%A9");
  CHECK(encode_tag(cloudflare, std::string("a\0b\r\n", 5)) == "a%00b%0D%0A");
  // Fastly: space-separated keys; a comma is an ordinary byte there.
  CHECK(encode_tag(fastly, "a,b c") == "a,b%20c");
  // Akamai: letters, digits and ! # $ % & ' + . ^ _ ` | ~ - only (add-cache-tags).
  CHECK(encode_tag(akamai, "post:a/b") == "post%3Aa%2Fb");
  CHECK(encode_tag(akamai, "a!#$&'+.^_`|~-z") == "a!#$&'+.^_`|~-z");
  // Cache-Groups strings may hold commas (an sf-string, RFC 9875 §2).
  CHECK(encode_tag(generic_provider.tags, "a,b") == "a,b");
}

TEST_CASE("every header profile: max_age only")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 300\n");
  check_goldens(
      config,
      "/a",
      {
          // RFC 9213 §2: CDN-Cache-Control is a dictionary read by CDNs only; browsers get
          // max-age=0 so the CDN TTL never reaches them (DESIGN.md, Providers).
          {"generic", hs({{"Cache-Control", "max-age=0"}, {"CDN-Cache-Control", "max-age=300"}})},
          // Cloudflare-CDN-Cache-Control: Cloudflare only, not passed on (cdn-cache-control page).
          {"cloudflare",
           hs({{"Cache-Control", "max-age=0"}, {"Cloudflare-CDN-Cache-Control", "max-age=300"}})},
          // Surrogate-Control: max-age=… (Fastly Surrogate-Control reference).
          {"fastly", hs({{"Cache-Control", "max-age=0"}, {"Surrogate-Control", "max-age=300"}})},
          // Edge-Control: cache-maxage=<n><unit> (http.dev/edge-control; 300 s = 5m).
          {"akamai", hs({{"Cache-Control", "max-age=0"}, {"Edge-Control", "cache-maxage=5m"}})},
          // Netlify's examples: `public, max-age=…` in Netlify-CDN-Cache-Control.
          {"netlify",
           hs({{"Cache-Control", "max-age=0"},
               {"Netlify-CDN-Cache-Control", "public, max-age=300"}})},
          // Vercel-CDN-Cache-Control: max-age=… (vercel.com/guides/set-cache-control-headers).
          {"vercel",
           hs({{"Cache-Control", "max-age=0"}, {"Vercel-CDN-Cache-Control", "max-age=300"}})},
          // No CDN-only header: s-maxage for shared caches (RFC 9111 5.2.2.10), `public` as
          // Bunny integrations send it.
          {"bunny", hs({{"Cache-Control", "public, max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (CloudFront Expiration.html).
          {"cloudfront", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // USE_ORIGIN_HEADERS needs `public` plus s-maxage/max-age
          // (cloud.google.com/cdn/docs/caching).
          {"google", hs({{"Cache-Control", "public, max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (front-door-caching).
          {"azure", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // s-maxage > max-age (cache_rfc2616.c).
          {"varnish", hs({{"Cache-Control", "max-age=0, s-maxage=300"}})},
          // X-Accel-Expires: seconds, first (ngx_http_upstream.c; see providers/nginx.cpp).
          {"nginx", hs({{"X-Accel-Expires", "300"}, {"Cache-Control", "max-age=0"}})},
      });
}

TEST_CASE("every header profile: max_age + swr + stale_if_error + browser_max_age")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 300\nswr = 60\n"
                             "stale_if_error = 86400\nbrowser_max_age = 30\n");
  check_goldens(
      config,
      "/a",
      {
          // RFC 5861 directives keep their meaning in a targeted field (RFC 9213 §2.1).
          {"generic",
           hs({{"Cache-Control", "max-age=30"},
               {"CDN-Cache-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // Cloudflare honours both stale directives (concepts/cache-control).
          {"cloudflare",
           hs({{"Cache-Control", "max-age=30"},
               {"Cloudflare-CDN-Cache-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // beresp.stale_while_revalidate / stale_if_error read from Surrogate-Control.
          {"fastly",
           hs({{"Cache-Control", "max-age=30"},
               {"Surrogate-Control",
                "max-age=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // No documented stale directive in Edge-Control: only cache-maxage.
          {"akamai", hs({{"Cache-Control", "max-age=30"}, {"Edge-Control", "cache-maxage=5m"}})},
          // Netlify honours stale-while-revalidate; stale-if-error is undocumented.
          {"netlify",
           hs({{"Cache-Control", "max-age=30"},
               {"Netlify-CDN-Cache-Control", "public, max-age=300, stale-while-revalidate=60"}})},
          // Vercel: stale-while-revalidate honoured, stale-if-error not supported.
          {"vercel",
           hs({{"Cache-Control", "max-age=30"},
               {"Vercel-CDN-Cache-Control", "max-age=300, stale-while-revalidate=60"}})},
          // Bunny documents neither stale directive.
          {"bunny", hs({{"Cache-Control", "public, max-age=30, s-maxage=300"}})},
          // CloudFront supports both since May 2023.
          {"cloudfront",
           hs({{"Cache-Control",
                "max-age=30, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"}})},
          // Cloud CDN honours stale-while-revalidate (serving-stale-content).
          {"google",
           hs({{"Cache-Control", "public, max-age=30, s-maxage=300, stale-while-revalidate=60"}})},
          // Front Door: no stale directive documented.
          {"azure", hs({{"Cache-Control", "max-age=30, s-maxage=300"}})},
          // Varnish: stale-while-revalidate becomes grace; stale-if-error is not read.
          {"varnish",
           hs({{"Cache-Control", "max-age=30, s-maxage=300, stale-while-revalidate=60"}})},
          // nginx reads both from Cache-Control only.
          {"nginx",
           hs({{"X-Accel-Expires", "300"},
               {"Cache-Control", "max-age=30, stale-while-revalidate=60, stale-if-error=86400"}})},
      });
  const HeaderSet akamai = render(config, "/a", "akamai");
  CHECK(akamai.notes.at(0) == "Akamai does not document stale-while-revalidate; swr = 60 left out");
  CHECK(akamai.warnings.empty());
}

TEST_CASE("every header profile: immutable assets")
{
  const Config config = load("version = 1\n[routes.\"/assets/[...f]\"]\nmax_age = 31536000\n"
                             "browser_max_age = 31536000\nimmutable = true\n");
  // RFC 8246: immutable is a browser hint, so it is in the browser's Cache-Control only; the TTL
  // headers follow the same sources as the max_age-only case above.
  check_goldens(
      config,
      "/assets/app.js",
      {
          {"generic",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"CDN-Cache-Control", "max-age=31536000"}})},
          {"cloudflare",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Cloudflare-CDN-Cache-Control", "max-age=31536000"}})},
          {"fastly",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Surrogate-Control", "max-age=31536000"}})},
          // 31,536,000 s = 365 days.
          {"akamai",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Edge-Control", "cache-maxage=365d"}})},
          {"netlify",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Netlify-CDN-Cache-Control", "public, max-age=31536000"}})},
          // Exactly Vercel's 1-year cap: not capped.
          {"vercel",
           hs({{"Cache-Control", "max-age=31536000, immutable"},
               {"Vercel-CDN-Cache-Control", "max-age=31536000"}})},
          {"bunny",
           hs({{"Cache-Control", "public, max-age=31536000, s-maxage=31536000, immutable"}})},
          {"cloudfront", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"google",
           hs({{"Cache-Control", "public, max-age=31536000, s-maxage=31536000, immutable"}})},
          {"azure", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"varnish", hs({{"Cache-Control", "max-age=31536000, s-maxage=31536000, immutable"}})},
          {"nginx",
           hs({{"X-Accel-Expires", "31536000"}, {"Cache-Control", "max-age=31536000, immutable"}})},
      });
}

TEST_CASE("every header profile: tags with separators, escaping and templates")
{
  const Config config = load(R"(version = 1
[routes."/blog/[slug]"]
max_age = 60
tags = ["blog", "post:{slug}", "a b", "x,y", "100%"]
[providers.cloudfront]
tag_header = "x-amz-meta-cache-tag"
)");
  const std::vector<std::pair<std::string_view, std::vector<std::string>>> expected = {
      // RFC 9875 §2: Cache-Groups is an SF List of sf-strings; a comma is fine inside one.
      {"generic", {"\"blog\", \"post:hello\", \"a%20b\", \"x,y\", \"100%25\""}},
      // Cache-Tag: comma-separated, printable ASCII without spaces (purge-by-tags).
      {"cloudflare", {"blog,post:hello,a%20b,x%2Cy,100%25"}},
      // Surrogate-Key: space-separated (Surrogate-Key reference).
      {"fastly", {"blog post:hello a%20b x,y 100%25"}},
      // Edge-Cache-Tag: comma-separated; `:` and `,` are not in Akamai's set (add-cache-tags).
      {"akamai", {"blog,post%3Ahello,a%20b,x%2Cy,100%25"}},
      {"netlify", {"blog,post:hello,a%20b,x%2Cy,100%25"}}, // comma-separated (platform/caching)
      {"vercel", {"blog,post:hello,a%20b,x%2Cy,100%25"}},  // comma-separated (cdn-cache)
      {"bunny", {"blog,post:hello,a%20b,x%2Cy,100%25"}},   // comma assumed (unconfirmed)
      // CacheTagConfig: comma-separated, ASCII 33–126 except comma, in the configured header.
      {"cloudfront", {"blog,post:hello,a%20b,x%2Cy,100%25"}},
      {"google", {"blog,post:hello,a%20b,x%2Cy,100%25"}},  // comma assumed (unconfirmed)
      {"azure", {}},                                       // no cache tags
      {"varnish", {"blog,post:hello,a%20b,x%2Cy,100%25"}}, // xkey splits on comma too
      {"nginx", {}},                                       // no cache tags
  };
  CHECK(expected.size() == header_providers().size());
  for (const auto& [provider, values] : expected) {
    CAPTURE(provider);
    const HeaderSet set = render(config, "/blog/hello", provider);
    const ProviderInfo* info = find_provider(provider);
    const std::string header =
        provider == "cloudfront" ? "x-amz-meta-cache-tag" : std::string(info->tags.header);
    CHECK(values_of(set, header) == values);
    if (!values.empty()) {
      // Each escaped tag is reported once; none is dropped.
      const auto escaped =
          std::count_if(set.warnings.begin(), set.warnings.end(), [](const auto& w) {
            return w.find("written percent-encoded") != std::string::npos;
          });
      CHECK(escaped == (provider == "akamai"                            ? 4
                        : provider == "fastly" || provider == "generic" ? 2
                                                                        : 3));
    } else {
      CHECK(set.notes.back().find("has no cache tags; 5 tags not written") != std::string::npos);
    }
  }
  const HeaderSet akamai = render(config, "/blog/hello", "akamai");
  CHECK(akamai.warnings.at(0) ==
        "tag `post:hello` contains `:`, which Akamai does not accept in Edge-Cache-Tag; written "
        "percent-encoded as `post%3Ahello`");
  // The Cache-Groups value parses back as a List of Strings (RFC 9651 §4.2.1).
  const auto groups =
      SfParser(values_of(render(config, "/blog/hello", "generic"), "Cache-Groups")[0]).list();
  REQUIRE(groups);
  CHECK(
      *groups ==
      std::vector<SfValue>{
          sf_str("blog"), sf_str("post:hello"), sf_str("a%20b"), sf_str("x,y"), sf_str("100%25")});
}

TEST_CASE("CloudFront writes tags only into the header its CacheTagConfig names")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\ntags = [\"t\"]\n");
  const HeaderSet set = render(config, "/a", "cloudfront");
  // invalidation-specifying-tags: distributions without CacheTagConfig ignore tag headers.
  CHECK(set.headers == hs({{"Cache-Control", "max-age=0, s-maxage=60"}}));
  CHECK(set.warnings == std::vector<std::string>{
                            "tags not written: Amazon CloudFront reads tags only from the header "
                            "its configuration names; set `tag_header` in [providers.cloudfront]"});
}

TEST_CASE("every header profile: cache = false, bypass, status and method give private, no-store")
{
  const Config config = load(R"(version = 1
[defaults]
vary = ["Accept-Encoding"]
etag = "\"v1\""
[bypass]
cookies = ["session"]
headers = ["Authorization"]
query = ["preview"]
[routes."/a"]
max_age = 300
tags = ["t"]
[routes."/off"]
cache = false
)");
  Request cookie;
  cookie.headers.emplace_back("Cookie", "session=1");
  Request auth;
  auth.headers.emplace_back("Authorization", "Bearer x");
  Request error;
  error.status = 500;
  Request post;
  post.method = "POST";
  for (const ProviderInfo* provider : header_providers()) {
    CAPTURE(provider->name);
    // DESIGN.md, Conditions: `Cache-Control: private, no-store` and no CDN or tag headers
    // (RFC 9111 5.2.2.5 no-store, 5.2.2.7 private); no Vary, no validators.
    const auto no_store = hs({{"Cache-Control", "private, no-store"}});
    CHECK(render(config, "/off", provider->name).headers == no_store);
    CHECK(render(config, "/a", provider->name, cookie).headers == no_store);
    CHECK(render(config, "/a", provider->name, auth).headers == no_store);
    CHECK(render(config, "/a?preview=1", provider->name).headers == no_store);
    CHECK(render(config, "/a", provider->name, error).headers == no_store);
    CHECK(render(config, "/a", provider->name, post).headers == no_store);
    // The same request without the trait is cached.
    CHECK(render(config, "/a?x=1", provider->name).headers.front().value != "private, no-store");
  }
}

TEST_CASE("every header profile: Last-Modified and ETag")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\nlast_modified = "
                             "\"2024-05-01T12:00:00+02:00\"\netag = \"W/\\\"v1\\\"\"\n");
  for (const ProviderInfo* provider : header_providers()) {
    CAPTURE(provider->name);
    const HeaderSet set = render(config, "/a", provider->name);
    REQUIRE(set.headers.size() >= 2);
    // RFC 9110 8.8.3: the entity tag as validated; RFC 9110 5.6.7: IMF-fixdate in GMT
    // (12:00 at +02:00 is 10:00 GMT).
    CHECK(set.headers[set.headers.size() - 2] == Header{"ETag", "W/\"v1\""});
    CHECK(set.headers.back() == Header{"Last-Modified", "Wed, 01 May 2024 10:00:00 GMT"});
  }
  // nginx does not store an ETag longer than NGX_HTTP_CACHE_ETAG_LEN (128).
  const Config long_etag = load("version = 1\n[routes.\"/a\"]\nmax_age = 60\netag = \"\\\"" +
                                std::string(130, 'e') + "\\\"\"\n");
  CHECK(
      render(long_etag, "/a", "nginx").warnings ==
      std::vector<std::string>{"the ETag is 132 bytes; nginx does not store one longer than 128"});
  CHECK(render(long_etag, "/a", "cloudflare").warnings.empty());
}

TEST_CASE("targeted fields parse back as RFC 9651 dictionaries with the intended members")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 300
swr = 60
stale_if_error = 86400
must_revalidate = true
[providers.netlify]
durable = true
[providers.cloudflare]
cdn_header = "CDN-Cache-Control"
)");
  struct Expected {
    std::string_view provider;
    std::string_view header;
    SfDict members;
  };
  // must_revalidate stays out of every CDN-only header: there it would forbid the stale windows
  // (RFC 9111 5.2.2.2); browsers get it in Cache-Control.
  const std::vector<Expected> cases = {
      {"generic",
       "CDN-Cache-Control",
       {{"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"stale-if-error", sf_int(86400)}}},
      // `[providers.cloudflare] cdn_header` picks the standard field.
      {"cloudflare",
       "CDN-Cache-Control",
       {{"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"stale-if-error", sf_int(86400)}}},
      // Netlify: `public, max-age=…, stale-while-revalidate=…, durable`.
      {"netlify",
       "Netlify-CDN-Cache-Control",
       {{"public", sf_bool(true)},
        {"max-age", sf_int(300)},
        {"stale-while-revalidate", sf_int(60)},
        {"durable", sf_bool(true)}}},
      {"vercel",
       "Vercel-CDN-Cache-Control",
       {{"max-age", sf_int(300)}, {"stale-while-revalidate", sf_int(60)}}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.provider);
    const HeaderSet set = render(config, "/a", c.provider);
    const auto values = values_of(set, c.header);
    REQUIRE(values.size() == 1);
    const auto parsed = SfParser(values[0]).dictionary();
    REQUIRE(parsed);
    CHECK(*parsed == c.members);
    // The browser's Cache-Control keeps must-revalidate (RFC 9111 5.2.2.2).
    CHECK(values_of(set, "Cache-Control") ==
          std::vector<std::string>{"max-age=0, must-revalidate"});
  }
  CHECK(values_of(render(config, "/a", "cloudflare"), "Cloudflare-CDN-Cache-Control").empty());
}

TEST_CASE("TTL caps: Vercel s-maxage at most 31,536,000 s, Cloud CDN 31,622,400 s")
{
  const Config config = load("version = 1\n[routes.\"/a\"]\nmax_age = 40000000\n");
  HeaderSet set = render(config, "/a", "vercel");
  CHECK(values_of(set, "Vercel-CDN-Cache-Control") == std::vector<std::string>{"max-age=31536000"});
  CHECK(set.warnings ==
        std::vector<std::string>{"max_age 40000000 is above the 31536000 s Vercel honours; "
                                 "written as 31536000"});
  set = render(config, "/a", "google");
  CHECK(values_of(set, "Cache-Control") ==
        std::vector<std::string>{"public, max-age=0, s-maxage=31622400"});
  set = render(config, "/a", "azure");
  CHECK(values_of(set, "Cache-Control") ==
        std::vector<std::string>{"max-age=0, s-maxage=31622400"}); // 366 days
  CHECK(render(config, "/a", "cloudflare").warnings.empty());
}

TEST_CASE("private = true and rules without TTLs")
{
  const Config config = load(R"(version = 1
[routes."/me"]
private = true
max_age = 120
tags = ["user"]
vary = ["Cookie"]
[routes."/tags-only"]
tags = ["t"]
)");
  // RFC 9111 5.2.2.7: private keeps shared caches out; the TTL is the browser's.
  CHECK(render(config, "/me", "vercel").headers ==
        hs({{"Cache-Control", "private, max-age=120"}, {"Vary", "Cookie"}}));
  CHECK(render(config, "/me", "vercel").warnings.empty()); // Vary: Cookie is fine without a CDN
  // No TTL set: nothing is invented, tags are still written.
  CHECK(render(config, "/tags-only", "cloudflare").headers == hs({{"Cache-Tag", "t"}}));
}

TEST_CASE("Vary: refusals are warnings, values that are not field names are left out")
{
  const Config config = load(R"(version = 1
[routes."/a"]
max_age = 60
vary = ["Accept-Encoding", "Cookie", "*"]
)");
  const HeaderSet vercel = render(config, "/a", "vercel");
  CHECK(values_of(vercel, "Vary") == std::vector<std::string>{"Accept-Encoding, Cookie, *"});
  CHECK(vercel.warnings ==
        std::vector<std::string>{
            "Vercel does not cache a response with `Vary: Cookie`",
            "`Vary: *` makes the response unusable for any later request (RFC 9111 4.1)"});
  // The loader refuses a vary entry that is not a field name; a policy built otherwise still
  // never writes one.
  Policy policy;
  policy.options.max_age = 60;
  policy.options.vary = std::vector<std::string>{"Accept-Encoding", "Bad Header"};
  const HeaderSet generic = generate_headers(*find_provider("generic"), policy);
  CHECK(values_of(generic, "Vary") == std::vector<std::string>{"Accept-Encoding"});
  CHECK(generic.warnings ==
        std::vector<std::string>{"vary entry `Bad Header` is not a field name; left out of Vary"});
  // Akamai caches only Accept-Encoding variance (rm-vary-header).
  const HeaderSet akamai = render(config, "/a", "akamai");
  CHECK(akamai.warnings.at(0) == "Akamai does not cache a response with `Vary: Cookie`");
}

namespace {

// A cacheable policy with max_age 60 and these tags.
Policy
tagged(std::vector<std::string> tags)
{
  Policy policy;
  policy.options.max_age = 60;
  policy.options.tags = std::move(tags);
  return policy;
}

// `count` tags `<prefix>000`, `<prefix>001`, … each `width` bytes long.
std::vector<std::string>
many_tags(std::size_t count, std::size_t width, char fill = 'x')
{
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < count; ++i) {
    std::string tag = std::to_string(1000 + i).substr(1);
    tag.resize(width, fill);
    tags.push_back(tag);
  }
  return tags;
}

// Every tag written in the `header` lines of `set`, split at `separator`.
std::vector<std::string>
written_tags(const HeaderSet& set, std::string_view header, char separator)
{
  std::vector<std::string> out;
  for (const auto& value : values_of(set, header)) {
    std::size_t start = 0;
    while (true) {
      const std::size_t end = value.find(separator, start);
      out.push_back(value.substr(start, end - start));
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
  return out;
}

} // namespace

TEST_CASE("limits: Akamai reads 128 tags of at most 128 characters, on one line")
{
  // add-cache-tags: ≤128 characters per tag, ≤128 tags per object, only the first line read.
  std::vector<std::string> tags = many_tags(130, 4);
  tags.insert(tags.begin(), std::string(129, 'L'));
  tags.insert(tags.begin(), std::string(127, 'e') + ":"); // 130 bytes once `:` is encoded
  const HeaderSet set = generate_headers(akamai_provider, tagged(tags));
  CHECK(values_of(set, "Edge-Cache-Tag").size() == 1);
  const auto written = written_tags(set, "Edge-Cache-Tag", ',');
  CHECK(written == std::vector<std::string>(tags.begin() + 2, tags.begin() + 130));
  CHECK(set.warnings == std::vector<std::string>{
                            "tag `" + std::string(127, 'e') +
                                ":` contains `:`, which Akamai does not accept in Edge-Cache-Tag; "
                                "written percent-encoded as `" +
                                std::string(127, 'e') + "%3A`",
                            "tag `" + std::string(24, 'e') +
                                "…` is 130 bytes; Akamai accepts at most 128 in Edge-Cache-Tag; "
                                "left out",
                            "tag `" + std::string(24, 'L') +
                                "…` is 129 bytes; Akamai accepts at most 128 in Edge-Cache-Tag; "
                                "left out",
                            "130 tags; Akamai reads at most 128 per response; left out 2: `128x`, "
                            "`129x`"});
}

TEST_CASE("limits: CloudFront 50 tags of at most 256 characters; Vercel 128 of 256")
{
  ProviderSettings settings;
  settings.name = "cloudfront";
  settings.values["tag_header"] = "Cache-Tag";
  std::vector<std::string> tags = many_tags(51, 6);
  tags.push_back(std::string(257, 'L'));
  // invalidation-specifying-tags: 256 characters per tag, 50 tags per object.
  HeaderSet set = generate_headers(cloudfront_provider, tagged(tags), &settings);
  CHECK(written_tags(set, "Cache-Tag", ',') ==
        std::vector<std::string>(tags.begin(), tags.begin() + 50));
  CHECK(set.warnings.size() == 2);
  CHECK(set.warnings[1] ==
        "51 tags; Amazon CloudFront reads at most 50 per response; left out 1: `050xxx`");
  // Vercel: Next.js cacheTag's 256 characters and 128 tags (the closest documented bound).
  set = generate_headers(vercel_provider, tagged(many_tags(129, 3)));
  CHECK(written_tags(set, "Vercel-Cache-Tag", ',').size() == 128);
}

TEST_CASE("limits: Cloudflare 16 KB of Cache-Tag, 1,024 bytes per tag, tags never cut")
{
  std::vector<std::string> tags = many_tags(20, 1000);
  tags.insert(tags.begin() + 1, std::string(1025, 'L'));
  const HeaderSet set = generate_headers(cloudflare_provider, tagged(tags));
  // purge-by-tags: the header value is capped at 16 KB; 16 tags of 1,000 bytes and 15 commas
  // take 16,015 bytes, a 17th would take 17,016.
  const auto written = written_tags(set, "Cache-Tag", ',');
  std::vector<std::string> expected(tags.begin(), tags.begin() + 17);
  expected.erase(expected.begin() + 1);
  CHECK(written == expected);
  CHECK(values_of(set, "Cache-Tag").at(0).size() == 16015);
  CHECK(set.warnings.at(1) ==
        "the tags do not fit in Cache-Tag: Cloudflare reads at most 16384 bytes over all its "
        "lines; left out 4 tags: `016" +
            std::string(997, 'x') + "`, `017" + std::string(997, 'x') + "`, `018" +
            std::string(997, 'x') + "`, …");
}

TEST_CASE("limits: Fastly 16,384 bytes of Surrogate-Key, 1,024 bytes per key; Bunny 1,024")
{
  std::vector<std::string> tags = many_tags(17, 1000);
  tags.push_back(std::string(1025, 'L'));
  // Surrogate-Key reference: keys ≤1,024 bytes; only keys inside the first 16,384 bytes apply.
  HeaderSet set = generate_headers(fastly_provider, tagged(tags));
  CHECK(written_tags(set, "Surrogate-Key", ' ') ==
        std::vector<std::string>(tags.begin(), tags.begin() + 16));
  CHECK(set.warnings.size() == 2);
  // Bunny: CDN-Tag values are limited to 1,024 bytes (purge-cache): 10 tags of 100 = 1,009.
  set = generate_headers(bunny_provider, tagged(many_tags(11, 100)));
  CHECK(values_of(set, "CDN-Tag").at(0).size() == 1009);
  CHECK(written_tags(set, "CDN-Tag", ',').size() == 10);
}

TEST_CASE("limits: Varnish splits xkey over lines of at most 8,192 bytes")
{
  const std::vector<std::string> tags = many_tags(20, 1000);
  const HeaderSet set = generate_headers(varnish_provider, tagged(tags));
  // http_resp_hdr_len (8k) limits each backend header line; xkey reads every xkey line.
  const auto lines = values_of(set, "xkey");
  REQUIRE(lines.size() == 3);
  for (const auto& line : lines) {
    CHECK(std::string("xkey: ").size() + line.size() <= 8192);
  }
  CHECK(written_tags(set, "xkey", ',') == tags); // every tag, whole, in order
  CHECK(set.warnings ==
        std::vector<std::string>{
            "the tags are split over 3 xkey lines (Varnish (xkey) reads at most 8192 bytes per "
            "line)"});
}

TEST_CASE("a targeted field that cannot be an RFC 9651 dictionary is left out, not broken")
{
  Policy policy;
  policy.options.max_age = 1'000'000'000'000'000; // 16 digits: beyond an sf-integer (§3.3.1)
  const HeaderSet set = generate_headers(generic_provider, policy);
  CHECK(values_of(set, "CDN-Cache-Control").empty());
  CHECK(set.warnings == std::vector<std::string>{"CDN-Cache-Control cannot be written as an RFC "
                                                 "9651 dictionary (a value beyond "
                                                 "999,999,999,999,999); left out"});
}

TEST_CASE("an empty tag is left out, duplicates after escaping are written once")
{
  const HeaderSet set = generate_headers(cloudflare_provider, tagged({"", "a", "a"}));
  CHECK(values_of(set, "Cache-Tag") == std::vector<std::string>{"a"});
  CHECK(set.warnings == std::vector<std::string>{"an empty tag is left out of Cache-Tag"});
}

TEST_CASE("header_providers: every provider but the http webhook, in documentation order")
{
  std::vector<std::string_view> names;
  for (const ProviderInfo* provider : header_providers()) {
    names.push_back(provider->name);
    CHECK_FALSE(provider->headers.precedence.empty());
  }
  CHECK(names == std::vector<std::string_view>{"generic",
                                               "cloudflare",
                                               "fastly",
                                               "akamai",
                                               "netlify",
                                               "vercel",
                                               "bunny",
                                               "cloudfront",
                                               "google",
                                               "azure",
                                               "varnish",
                                               "nginx"});
  CHECK_FALSE(http_provider.headers.available);
}

TEST_SUITE_END();
