// The purge adapters of each provider (one file each in this directory) and what they share.
#pragma once

#include "purge/purge_adapter.hpp"

#include <expected>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace cachectl::purge {

/// An adapter, or why it cannot be built (a missing setting or credential).
using AdapterResult = std::expected<std::unique_ptr<PurgeAdapter>, PurgeError>;

/// Serializes a request body: UTF-8 kept as is, `&<>` not escaped (cache keys must match byte
/// for byte).
std::string json_text(const nlohmann::json& value);

/// Parses a response body; a discarded value when it is not JSON.
nlohmann::json parse_json(std::string_view body);

/// The string at `key` of a JSON object, or empty.
std::string json_string(const nlohmann::json& value, std::string_view key);

/// A request with a JSON body and the usual headers; the token, when given, as `auth` header
/// (`Authorization: Bearer …` unless another header is named), marked secret.
HttpRequest json_request(std::string method,
                         std::string url,
                         const nlohmann::json& body,
                         std::string_view token,
                         std::string_view auth_header = "Authorization",
                         std::string_view auth_scheme = "Bearer ");

/// A JSON body's error message in the common shapes (`message`, `error.message`,
/// `errors[0].message`, `detail`, `title`...), else a body excerpt.
std::string error_text(std::string_view body);

/// How a 2xx body of a provider's API says what happened.
struct SuccessShape {
  bool empty_ok = true;             ///< an empty body is the API's success (Azure 202, Bunny 204)
  std::string_view status_key = {}; ///< a number in the body that must equal `status_value`
  int status_value = 0;             ///< (Akamai `httpStatus` 201)
  std::string_view error_key = {};  ///< a key whose presence means failure (`error`, `ErrorKey`)
  std::string_view code_key = {};   ///< a numeric error code (Netlify `code`), read as a status
  std::string_view state_key = {};  ///< a state whose failed values mean failure (Azure `status`)
};

/// `verdict` (from verdict_from_status) checked against the success shape a provider documents
/// for its 2xx answers: a body that reports an error is judged by the status or code it gives
/// (403: credentials; 429 and 5xx: retried; else failed with the body's reason); a body of
/// another shape (`null`, `[]`, a string, or `{}` where the API answers with fields) is
/// retried, never trusted.
Verdict
check_success_shape(Verdict verdict, const HttpResponse& response, const SuccessShape& shape);

/// A PurgeError about a setting of `[providers.<name>]`.
PurgeError setting_error(const PurgeContext& context, std::string message);

/// The path and query of an absolute URL (`/a?b`).
std::string_view url_path(std::string_view url);

/// The host of an absolute URL without its port.
std::string_view url_host(std::string_view url);

/// A request to cache node `node` (a base URL, maybe with a path) for `path` with a `Host`
/// header, a bearer token when one is set; the node's name goes into the planned request.
PlannedRequest node_request(const PurgeContext& context,
                            std::string_view node,
                            std::string method,
                            std::string_view path,
                            std::string_view host);

/// Why a URL target cannot be purged exactly by a provider that reads `*` in a path (and, with
/// `query`, in the query) as a wildcard: a `*` there would widen the purge or be refused with
/// its whole batch. Empty for other targets.
std::string wildcard_url_refusal(const PurgeContext& context, const Target& target, bool query);

/// The cache nodes of `[providers.<name>] nodes`, or an error when there are none.
std::expected<std::vector<std::string>, PurgeError> cache_nodes(const PurgeContext& context);

AdapterResult
make_cloudflare(const PurgeContext& context);            ///< lib/src/purge/adapters/cloudflare.cpp
AdapterResult make_fastly(const PurgeContext& context);  ///< lib/src/purge/adapters/fastly.cpp
AdapterResult make_akamai(const PurgeContext& context);  ///< lib/src/purge/adapters/akamai.cpp
AdapterResult make_netlify(const PurgeContext& context); ///< lib/src/purge/adapters/netlify.cpp
AdapterResult make_vercel(const PurgeContext& context);  ///< lib/src/purge/adapters/vercel.cpp
AdapterResult make_bunny(const PurgeContext& context);   ///< lib/src/purge/adapters/bunny.cpp
AdapterResult
make_cloudfront(const PurgeContext& context);            ///< lib/src/purge/adapters/cloudfront.cpp
AdapterResult make_google(const PurgeContext& context);  ///< lib/src/purge/adapters/google.cpp
AdapterResult make_azure(const PurgeContext& context);   ///< lib/src/purge/adapters/azure.cpp
AdapterResult make_varnish(const PurgeContext& context); ///< lib/src/purge/adapters/varnish.cpp
AdapterResult make_nginx(const PurgeContext& context);   ///< lib/src/purge/adapters/nginx.cpp
AdapterResult make_http(const PurgeContext& context);    ///< lib/src/purge/adapters/http.cpp

} // namespace cachectl::purge
