#include "purge/sigv4.hpp"

#include "purge/crypto.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace cachectl {

namespace {

// True for RFC 3986 unreserved bytes, which SigV4 never encodes.
bool
is_unreserved(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// `text` with every byte but unreserved ones (and `/` when `keep_slash`) written as `%XX`.
std::string
uri_encode(std::string_view text, bool keep_slash)
{
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[b >> 4];
      out += k_hex[b & 0xF];
    }
  }
  return out;
}

// The headers a request signs, by lowercase name (so sorted), values canonicalized and
// repeated names joined by `,`: host, x-amz-date, then `headers` (their own Host and
// X-Amz-Date left out).
std::map<std::string, std::string>
headers_to_sign(const SigV4Request& request)
{
  std::map<std::string, std::string> out{{"host", collapse_spaces(request.host)},
                                         {"x-amz-date", collapse_spaces(request.amz_date)}};
  for (const auto& [name, value] : request.headers) {
    std::string key = ascii_lower(name);
    if (key == "host" || key == "x-amz-date") {
      continue;
    }
    auto [it, inserted] = out.try_emplace(std::move(key), collapse_spaces(value));
    if (!inserted) {
      it->second += "," + collapse_spaces(value);
    }
  }
  return out;
}

// True for a well-formed `YYYYMMDDTHHMMSSZ`.
bool
is_amz_date(std::string_view date)
{
  if (date.size() != 16 || date[8] != 'T' || date[15] != 'Z') {
    return false;
  }
  for (std::size_t i = 0; i < 15; ++i) {
    if (i != 8 && (date[i] < '0' || date[i] > '9')) {
      return false;
    }
  }
  return true;
}

} // namespace

std::expected<AwsCredentials, SigningError>
aws_credentials_from_env(const EnvLookup& env)
{
  AwsCredentials credentials{.access_key_id = env("AWS_ACCESS_KEY_ID").value_or(""),
                             .secret_access_key = env("AWS_SECRET_ACCESS_KEY").value_or(""),
                             .session_token = env("AWS_SESSION_TOKEN").value_or("")};
  std::vector<std::string> missing;
  if (credentials.access_key_id.empty()) {
    missing.emplace_back("AWS_ACCESS_KEY_ID");
  }
  if (credentials.secret_access_key.empty()) {
    missing.emplace_back("AWS_SECRET_ACCESS_KEY");
  }
  if (!missing.empty()) {
    return std::unexpected(
        SigningError{.message = fmt::format("the environment lacks {} of the AWS credentials",
                                            backquoted_list(missing)),
                     .not_found = missing.size() == 2});
  }
  return credentials;
}

std::string
aws_amz_date(std::chrono::system_clock::time_point time)
{
  return format_utc_basic(time, "", "Z");
}

std::string
sigv4_canonical_uri(std::string_view path)
{
  return path.empty() ? std::string("/") : uri_encode(path, true);
}

std::string
sigv4_canonical_query(std::string_view query)
{
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.empty()) {
      continue;
    }
    const auto eq = item.find('=');
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
    pairs.emplace_back(uri_encode(percent_decode(item.substr(0, eq)), false),
                       uri_encode(percent_decode(value), false));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    out += (out.empty() ? "" : "&") + name + "=" + value;
  }
  return out;
}

std::string
sigv4_signed_headers(const SigV4Request& request)
{
  std::string out;
  for (const auto& [name, value] : headers_to_sign(request)) {
    out += (out.empty() ? "" : ";") + name;
  }
  return out;
}

std::string
sigv4_canonical_request(const SigV4Request& request)
{
  std::string headers;
  for (const auto& [name, value] : headers_to_sign(request)) {
    headers += name + ":" + value + "\n";
  }
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}",
                     request.method,
                     sigv4_canonical_uri(request.path),
                     sigv4_canonical_query(request.query),
                     headers,
                     sigv4_signed_headers(request),
                     hex(sha256(request.body)));
}

std::string
sigv4_credential_scope(const SigV4Request& request)
{
  return fmt::format("{}/{}/{}/aws4_request",
                     std::string_view(request.amz_date).substr(0, 8),
                     request.region,
                     request.service);
}

std::string
sigv4_string_to_sign(const SigV4Request& request, std::string_view canonical_request)
{
  return fmt::format("AWS4-HMAC-SHA256\n{}\n{}\n{}",
                     request.amz_date,
                     sigv4_credential_scope(request),
                     hex(sha256(canonical_request)));
}

std::string
sigv4_signature(std::string_view secret_access_key,
                const SigV4Request& request,
                std::string_view string_to_sign)
{
  const auto date_key = hmac_sha256("AWS4" + std::string(secret_access_key),
                                    std::string_view(request.amz_date).substr(0, 8));
  const auto region_key = hmac_sha256(date_key, request.region);
  const auto service_key = hmac_sha256(region_key, request.service);
  const auto signing_key = hmac_sha256(service_key, "aws4_request");
  return hex(hmac_sha256(signing_key, string_to_sign));
}

std::expected<HttpHeaders, SigningError>
sigv4_sign(const AwsCredentials& credentials, const SigV4Request& request)
{
  if (!is_amz_date(request.amz_date)) {
    return std::unexpected(
        SigningError{.message = "the X-Amz-Date is not of the form YYYYMMDDTHHMMSSZ"});
  }
  if (request.region.empty() || request.service.empty()) {
    return std::unexpected(
        SigningError{.message = "a SigV4 signature needs a region and a service"});
  }
  if (auto error = check_headers(request.headers)) {
    return std::unexpected(std::move(*error));
  }
  SigV4Request signed_request = request;
  HttpHeaders added{{"X-Amz-Date", request.amz_date}};
  if (!credentials.session_token.empty()) {
    signed_request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  const std::string string_to_sign =
      sigv4_string_to_sign(signed_request, sigv4_canonical_request(signed_request));
  added.emplace_back(
      "Authorization",
      fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                  credentials.access_key_id,
                  sigv4_credential_scope(signed_request),
                  sigv4_signed_headers(signed_request),
                  sigv4_signature(credentials.secret_access_key, signed_request, string_to_sign)));
  return added;
}

} // namespace cachectl
