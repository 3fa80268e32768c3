// Akamai EdgeGrid (`EG1-HMAC-SHA256`) request signing and its credentials: `.edgerc` files and
// `AKAMAI_*` environment variables. Checked step by step against Akamai's test vectors
// (tests/fixtures/signing-test-vectors.json).
#pragma once

#include "purge/signing.hpp"

#include <chrono>
#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// One EdgeGrid API client: where it talks to and what it signs with.
struct EdgeGridCredentials {
  std::string host;              ///< API host (`akab-….luna.akamaiapis.net`), no scheme, no `/`
  std::string client_token;      ///< sent in the Authorization header
  std::string client_secret;     ///< the HMAC key; never sent, never shown
  std::string access_token;      ///< sent in the Authorization header
  std::size_t max_body = 131072; ///< bytes of a POST body the content hash covers
  std::vector<std::string> headers_to_sign; ///< header names, in signing order
};

/// The credentials of `section` of an `.edgerc` text (INI: `[section]`, `key = value` or
/// `key: value`, whole-line `#`/`;` comments and ` #`/` ;` trailing ones, dashed keys such as
/// `client-token`, values optionally in double quotes). `host` may carry a scheme or end in
/// `/` (both dropped); `max_body` and `headers_to_sign` (comma list) are optional. `file`
/// names the text in messages, which name files, sections, lines and keys but never quote a
/// value.
std::expected<EdgeGridCredentials, SigningError>
parse_edgerc(std::string_view text, std::string_view section, std::string_view file);

/// `parse_edgerc` of the file at `path`; an error (with `not_found` when the file does not
/// exist) when it cannot be read.
std::expected<EdgeGridCredentials, SigningError> read_edgerc(const std::filesystem::path& path,
                                                             std::string_view section);

/// The credentials in the environment: `AKAMAI_HOST`, `AKAMAI_CLIENT_TOKEN`,
/// `AKAMAI_CLIENT_SECRET`, `AKAMAI_ACCESS_TOKEN` and optional `AKAMAI_MAX_BODY`; for a section
/// other than `default`, the `AKAMAI_{SECTION}_HOST` … forms (section uppercased, `-` as `_`)
/// when any of them is set. Never mixes the two sets. An error names each missing variable
/// (`not_found` when none is set).
std::expected<EdgeGridCredentials, SigningError> edgegrid_from_env(std::string_view section,
                                                                   const EnvLookup& env);

/// The EdgeGrid spelling of a time: UTC `YYYYMMDDTHH:MM:SS+0000`.
std::string edgegrid_timestamp(std::chrono::system_clock::time_point time);

/// The Authorization header up to the signature: `EG1-HMAC-SHA256 client_token=…;
/// access_token=…;timestamp=…;nonce=…;` (with the trailing `;`).
std::string edgegrid_unsigned_header(const EdgeGridCredentials& credentials,
                                     std::string_view timestamp,
                                     std::string_view nonce);

/// The key a request is signed with: base64(HMAC-SHA256(client_secret, timestamp)).
std::string edgegrid_signing_key(std::string_view client_secret, std::string_view timestamp);

/// The TAB-joined data to sign: method, scheme, host, path and query, the canonical
/// `headers_to_sign` (lowercased names, values trimmed with inner space runs collapsed), the
/// content hash (base64 SHA-256 of the first `max_body` bytes of a non-empty POST body, else
/// empty) and the unsigned header. `scheme` is that of the URL actually requested (`http` for
/// a loopback server); `host` is the Host header (with a port if any); `path_and_query` is
/// sent as is (`;params` and `?query` kept). Checks nothing.
std::string edgegrid_data_to_sign(const EdgeGridCredentials& credentials,
                                  std::string_view method,
                                  std::string_view scheme,
                                  std::string_view host,
                                  std::string_view path_and_query,
                                  const HttpHeaders& headers,
                                  std::string_view body,
                                  std::string_view timestamp,
                                  std::string_view nonce);

/// base64(HMAC-SHA256(key = the signing key as its base64 text, data to sign)).
std::string edgegrid_signature(std::string_view signing_key, std::string_view data_to_sign);

/// The full `Authorization` header value of a request (see `edgegrid_data_to_sign`). Refuses
/// header names that are empty or hold spaces, `:`, CR, LF or NUL, and values with leading
/// whitespace, CR, LF or NUL, as an HTTP client would (the test vectors' "Header with leading
/// and interior spaces" case); the message names the header, not its value.
std::expected<std::string, SigningError>
edgegrid_authorization(const EdgeGridCredentials& credentials,
                       std::string_view method,
                       std::string_view scheme,
                       std::string_view host,
                       std::string_view path_and_query,
                       const HttpHeaders& headers,
                       std::string_view body,
                       std::string_view timestamp,
                       std::string_view nonce);

} // namespace cachectl
