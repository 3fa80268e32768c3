// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) request signing, as CloudFront's API needs it
// (service `cloudfront`, region `us-east-1`), and AWS credentials from the environment.
// Checked against the AWS test suite's `post-vanilla` case
// (tests/fixtures/signing-test-vectors.json).
#pragma once

#include "purge/signing.hpp"

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace cachectl {

/// An AWS access key, with the session token of temporary credentials.
struct AwsCredentials {
  std::string access_key_id;     ///< `AKIA…` / `ASIA…`; sent in the Authorization header
  std::string secret_access_key; ///< the signing secret; never sent, never shown
  std::string session_token;     ///< empty for long-term keys; else sent as X-Amz-Security-Token
};

/// The credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional
/// `AWS_SESSION_TOKEN`; an error naming each missing variable (never a value), with
/// `not_found` when neither key variable is set.
std::expected<AwsCredentials, SigningError> aws_credentials_from_env(const EnvLookup& env);

/// The SigV4 spelling of a time: UTC `YYYYMMDDTHHMMSSZ` (the X-Amz-Date header).
std::string aws_amz_date(std::chrono::system_clock::time_point time);

/// One request to sign.
struct SigV4Request {
  std::string method;   ///< `POST`
  std::string host;     ///< the Host header: host, and `:port` when not the scheme's default
  std::string path;     ///< the URI path as sent (percent-encoded, no dot segments); `/` if empty
  std::string query;    ///< the query string as sent, without `?`; may be empty
  HttpHeaders headers;  ///< further headers to sign; Host and X-Amz-Date come from the fields
  std::string body;     ///< the payload (its SHA-256 is signed)
  std::string amz_date; ///< `YYYYMMDDTHHMMSSZ`, see `aws_amz_date`
  std::string region;   ///< `us-east-1` for CloudFront
  std::string service;  ///< `cloudfront`
};

/// The canonical URI: every byte but unreserved ones (RFC 3986 ALPHA DIGIT `-._~`) and `/`
/// percent-encoded, so an escape in the path is encoded again (`%2A` → `%252A`), as AWS does
/// for every service but S3.
std::string sigv4_canonical_uri(std::string_view path);

/// The canonical query string: `name=value` pairs decoded, then RFC 3986-encoded (uppercase
/// hex; a `=` is written for a name without value), sorted by name then value, joined by `&`.
std::string sigv4_canonical_query(std::string_view query);

/// The canonical request: method, canonical URI, canonical query, the canonical headers
/// (host, x-amz-date and `headers`: names lowercased, values trimmed with inner space runs
/// collapsed, repeated names joined by `,`, sorted), the signed header names joined by `;`, and
/// the hex SHA-256 of the body, joined by LF.
std::string sigv4_canonical_request(const SigV4Request& request);

/// The signed header names of a request (`host;x-amz-date` and those of `headers`, sorted).
std::string sigv4_signed_headers(const SigV4Request& request);

/// `date/region/service/aws4_request` of a request.
std::string sigv4_credential_scope(const SigV4Request& request);

/// The string to sign: `AWS4-HMAC-SHA256`, the X-Amz-Date, the credential scope and the hex
/// SHA-256 of the canonical request, joined by LF.
std::string sigv4_string_to_sign(const SigV4Request& request, std::string_view canonical_request);

/// The hex signature of a string to sign, with the key derived from the secret through the
/// date, region, service and `aws4_request`.
std::string sigv4_signature(std::string_view secret_access_key,
                            const SigV4Request& request,
                            std::string_view string_to_sign);

/// The headers to add to a request: X-Amz-Date, X-Amz-Security-Token (signed too) when the
/// credentials have a session token, and Authorization. An error for a malformed `amz_date`,
/// an empty region or service, or a header an HTTP client would refuse (named, not quoted).
std::expected<HttpHeaders, SigningError> sigv4_sign(const AwsCredentials& credentials,
                                                    const SigV4Request& request);

} // namespace cachectl
