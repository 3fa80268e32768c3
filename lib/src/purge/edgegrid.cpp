#include "purge/edgegrid.hpp"

#include "purge/crypto.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace cachectl {

namespace {

// The keys every set of credentials needs, as `.edgerc` spells them.
constexpr std::array<std::string_view, 4> k_required_keys = {
    "host", "client_token", "client_secret", "access_token"};

// A `.edgerc` key as readers compare them: lowercase, `-` read as `_`.
std::string
normalize_key(std::string_view key)
{
  std::string out = ascii_lower(key);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

// A value without a trailing comment (`#` or `;` after whitespace) and without one pair of
// enclosing double quotes.
std::string_view
clean_value(std::string_view value)
{
  for (std::size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
      value = value.substr(0, i);
      break;
    }
  }
  value = trim_ows(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// `host` without a leading `https://` or `http://` and without trailing `/`.
std::string
normalize_host(std::string_view host)
{
  for (std::string_view scheme : {"https://", "http://"}) {
    if (host.starts_with(scheme)) {
      host.remove_prefix(scheme.size());
    }
  }
  while (host.ends_with('/')) {
    host.remove_suffix(1);
  }
  return std::string(host);
}

// The environment variable of a `.edgerc` key (or section name) under `prefix`: uppercased,
// `-` as `_` (`AKAMAI_` and `client_token` give `AKAMAI_CLIENT_TOKEN`).
std::string
env_name(std::string_view prefix, std::string_view key)
{
  std::string name(prefix);
  for (char c : key) {
    name += c == '-' ? '_' : c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return name;
}

// Credentials from values found by `.edgerc` key (`get` returns nullopt for an absent key);
// `spell` gives a key's name in messages (`client_secret`, `AKAMAI_CLIENT_SECRET`) and `where`
// says where they were looked for. Empty values count as missing.
std::expected<EdgeGridCredentials, SigningError>
credentials_from(const std::function<std::optional<std::string>(std::string_view)>& get,
                 const std::function<std::string(std::string_view)>& spell,
                 std::string_view where)
{
  std::array<std::string, k_required_keys.size()> values;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < k_required_keys.size(); ++i) {
    values[i] = get(k_required_keys[i]).value_or("");
    if (values[i].empty()) {
      missing.push_back(spell(k_required_keys[i]));
    }
  }
  if (!missing.empty()) {
    return std::unexpected(SigningError{
        .message =
            fmt::format("{} lacks {} of the EdgeGrid credentials", where, backquoted_list(missing)),
        .not_found = missing.size() == k_required_keys.size()});
  }
  EdgeGridCredentials credentials;
  credentials.host = normalize_host(values[0]);
  credentials.client_token = std::move(values[1]);
  credentials.client_secret = std::move(values[2]);
  credentials.access_token = std::move(values[3]);
  if (const auto max_body = get("max_body"); max_body && !max_body->empty()) {
    std::size_t n = 0;
    const auto* end = max_body->data() + max_body->size();
    const auto [ptr, ec] = std::from_chars(max_body->data(), end, n);
    if (ec != std::errc() || ptr != end || n == 0) {
      return std::unexpected(SigningError{
          .message = fmt::format(
              "{}: `{}` is not a positive whole number of bytes", where, spell("max_body"))});
    }
    credentials.max_body = n;
  }
  return credentials;
}

// `headers_to_sign` from its comma-separated `.edgerc` form (blank items dropped).
std::vector<std::string>
split_header_names(std::string_view list)
{
  std::vector<std::string> names;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = trim_ows(list.substr(0, comma));
    if (!item.empty()) {
      names.emplace_back(item);
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return names;
}

// The content hash of a request: base64 SHA-256 of the first `max_body` bytes of a non-empty
// POST body; empty otherwise.
std::string
content_hash(const EdgeGridCredentials& credentials, std::string_view method, std::string_view body)
{
  if (method != "POST" || body.empty()) {
    return {};
  }
  return base64(sha256(body.substr(0, credentials.max_body)));
}

// The configured `headers_to_sign` present in `headers` (names compared without case; the
// first of repeated ones), as TAB-joined `name:value` with lowercased names and collapsed
// values, in configured order.
std::string
canonical_headers(const EdgeGridCredentials& credentials, const HttpHeaders& headers)
{
  std::string out;
  for (const auto& wanted : credentials.headers_to_sign) {
    const std::string name = ascii_lower(wanted);
    for (const auto& [header, value] : headers) {
      if (ascii_lower(header) == name) {
        out += (out.empty() ? "" : "\t") + name + ":" + collapse_spaces(value);
        break;
      }
    }
  }
  return out;
}

} // namespace

std::expected<EdgeGridCredentials, SigningError>
parse_edgerc(std::string_view text, std::string_view section, std::string_view file)
{
  std::map<std::string, std::string, std::less<>> values;
  std::vector<std::string> sections;
  std::optional<std::string> current;
  bool found = false;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++line_number;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    line = trim_ows(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      if (!line.ends_with(']')) {
        return std::unexpected(SigningError{
            .message =
                fmt::format("{}:{}: a section header must end with `]`", file, line_number)});
      }
      current = std::string(trim_ows(line.substr(1, line.size() - 2)));
      sections.push_back(*current);
      found = found || *current == section;
      continue;
    }
    const auto separator = line.find_first_of("=:");
    if (separator == std::string_view::npos || trim_ows(line.substr(0, separator)).empty()) {
      return std::unexpected(SigningError{
          .message =
              fmt::format("{}:{}: expected `key = value` or `[section]`", file, line_number)});
    }
    if (!current) {
      return std::unexpected(SigningError{
          .message = fmt::format("{}:{}: a key before the first `[section]`", file, line_number)});
    }
    if (*current == section) {
      values[normalize_key(trim_ows(line.substr(0, separator)))] =
          std::string(clean_value(line.substr(separator + 1)));
    }
  }
  if (!found) {
    return std::unexpected(SigningError{
        .message = fmt::format("{} has no section [{}]{}",
                               file,
                               section,
                               sections.empty() ? std::string(" (it has no sections)")
                                                : " (it has " + backquoted_list(sections) + ")")});
  }
  const auto get = [&](std::string_view key) -> std::optional<std::string> {
    const auto it = values.find(key);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto credentials = credentials_from(
      get,
      [](std::string_view key) { return std::string(key); },
      fmt::format("{}: section [{}]", file, section));
  if (credentials) {
    credentials->headers_to_sign = split_header_names(get("headers_to_sign").value_or(""));
  }
  return credentials;
}

std::expected<EdgeGridCredentials, SigningError>
read_edgerc(const std::filesystem::path& path, std::string_view section)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    return std::unexpected(SigningError{
        .message = fmt::format("cannot read {}: {}", path.string(), std::strerror(error)),
        .not_found = error == ENOENT});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_edgerc(text.str(), section, path.string());
}

std::expected<EdgeGridCredentials, SigningError>
edgegrid_from_env(std::string_view section, const EnvLookup& env)
{
  std::string prefix = "AKAMAI_";
  std::string where = "the environment";
  if (section != "default") {
    const std::string section_prefix = env_name("AKAMAI_", section) + "_";
    const bool any = std::any_of(k_required_keys.begin(), k_required_keys.end(), [&](auto key) {
      const auto value = env(env_name(section_prefix, key));
      return value && !value->empty();
    });
    if (any) {
      prefix = section_prefix;
    } else {
      where += fmt::format(" (with no `{}*` variable set)", section_prefix);
    }
  }
  const auto spell = [&](std::string_view key) { return env_name(prefix, key); };
  return credentials_from([&](std::string_view key) { return env(spell(key)); }, spell, where);
}

std::string
edgegrid_timestamp(std::chrono::system_clock::time_point time)
{
  return format_utc_basic(time, ":", "+0000");
}

std::string
edgegrid_unsigned_header(const EdgeGridCredentials& credentials,
                         std::string_view timestamp,
                         std::string_view nonce)
{
  return fmt::format("EG1-HMAC-SHA256 client_token={};access_token={};timestamp={};nonce={};",
                     credentials.client_token,
                     credentials.access_token,
                     timestamp,
                     nonce);
}

std::string
edgegrid_signing_key(std::string_view client_secret, std::string_view timestamp)
{
  return base64(hmac_sha256(client_secret, timestamp));
}

std::string
edgegrid_data_to_sign(const EdgeGridCredentials& credentials,
                      std::string_view method,
                      std::string_view scheme,
                      std::string_view host,
                      std::string_view path_and_query,
                      const HttpHeaders& headers,
                      std::string_view body,
                      std::string_view timestamp,
                      std::string_view nonce)
{
  return fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}",
                     method,
                     scheme,
                     host,
                     path_and_query,
                     canonical_headers(credentials, headers),
                     content_hash(credentials, method, body),
                     edgegrid_unsigned_header(credentials, timestamp, nonce));
}

std::string
edgegrid_signature(std::string_view signing_key, std::string_view data_to_sign)
{
  return base64(hmac_sha256(signing_key, data_to_sign));
}

std::expected<std::string, SigningError>
edgegrid_authorization(const EdgeGridCredentials& credentials,
                       std::string_view method,
                       std::string_view scheme,
                       std::string_view host,
                       std::string_view path_and_query,
                       const HttpHeaders& headers,
                       std::string_view body,
                       std::string_view timestamp,
                       std::string_view nonce)
{
  if (auto error = check_headers(headers)) {
    return std::unexpected(std::move(*error));
  }
  const std::string data = edgegrid_data_to_sign(
      credentials, method, scheme, host, path_and_query, headers, body, timestamp, nonce);
  return edgegrid_unsigned_header(credentials, timestamp, nonce) + "signature=" +
         edgegrid_signature(edgegrid_signing_key(credentials.client_secret, timestamp), data);
}

} // namespace cachectl
