// The interface every provider's purge adapter implements (lib/src/purge/adapters/<provider>.cpp):
// it turns a batch of targets into HTTP requests and decides what a response means. Planning,
// pacing, transport and retries are shared (purge.cpp).
#pragma once

#include "purge/http_client.hpp"

#include <cachectl/purge/purge.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cachectl {

/// Targets of one kind that go into one API call (per node for cache nodes).
struct PurgeBatch {
  TargetKind kind = TargetKind::url;
  std::vector<std::string> items; ///< checked target values (see check_target)
};

/// One request of a batch, with the node it goes to (cache nodes) or empty.
struct PlannedRequest {
  HttpRequest request;
  std::string node;
};

/// What a response means for the call.
struct Verdict {
  /// ok: purged; retry: try again (429, 5xx, connection); fail: this call failed for good;
  /// fatal: nothing will work (credentials refused) — the run stops sending.
  enum class Kind { ok, retry, fail, fatal };
  Kind kind = Kind::ok;
  std::string reason;                    ///< for retry, fail and fatal
  std::string id;                        ///< provider purge id, when there is one
  std::optional<double> retry_after;     ///< seconds the server asked to wait
  bool rate_limited = false;             ///< a 429 (pauses every call, not just this one)
  std::vector<std::string> failed_items; ///< ok, but these items failed (partial success)
};

/// Everything an adapter is built from.
struct PurgeContext {
  const ProviderInfo* provider = nullptr;
  std::string endpoint;                                  ///< API base URL without a trailing slash
  std::map<std::string, std::string> values;             ///< `[providers.<name>]` scalars
  std::map<std::string, std::vector<std::string>> lists; ///< `[providers.<name>]` arrays
  std::string token;                                     ///< empty in a dry run without one
  bool soft = false;
  bool dry_run = false;
  const Environment* environment = nullptr;

  /// A scalar setting, or `fallback`.
  std::string value(std::string_view key, std::string_view fallback = {}) const;
};

/// A provider's purge API.
class PurgeAdapter {
public:
  virtual ~PurgeAdapter() = default;
  /// The requests that purge `batch` (one, or one per cache node).
  virtual std::vector<PlannedRequest> build(const PurgeBatch& batch) const = 0;
  /// Signs a request just before each attempt (fresh timestamp and nonce); default: nothing.
  virtual void
  sign(HttpRequest& /*request*/) const
  {
  }
  /// What `response` to `request` means.
  virtual Verdict judge(const HttpRequest& request,
                        const HttpResponse& response,
                        const PurgeBatch& batch) const = 0;
  /// Why `target` (checked, expanded, of a supported kind) cannot be sent as asked; empty when
  /// it can. Default: every target can.
  virtual std::string
  refuse(const Target& /*target*/) const
  {
    return {};
  }
  /// Credentials the adapter holds besides the token (masked in every message).
  virtual std::vector<std::string>
  secrets() const
  {
    return {};
  }
  /// Bytes one item adds to a request body (for body-size-limited batches).
  virtual std::size_t
  item_bytes(std::string_view item) const
  {
    return item.size() + 3;
  }
  /// Bytes of a request body around its items.
  virtual std::size_t
  body_overhead() const
  {
    return 64;
  }
};

/// Builds the adapter of `context.provider`; the error names a missing or bad setting.
std::expected<std::unique_ptr<PurgeAdapter>, PurgeError>
make_purge_adapter(const PurgeContext& context);

/// The usual meaning of an HTTP status: 2xx ok (retry when it declares a JSON body that does
/// not parse), 429 retry (rate limited, Retry-After read), 408/5xx and no response retry,
/// 401/403 fatal, other 4xx fail. `what` names the error body's message (already extracted by
/// the adapter), appended to the reason.
Verdict verdict_from_status(const HttpResponse& response, std::string_view what);

/// The value of response header `name` (case-insensitive), or nullopt.
std::optional<std::string> header_value(const HttpResponse& response, std::string_view name);

/// Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); nullopt if bad.
std::optional<double> parse_retry_after(std::string_view value);

/// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

/// The scheme+authority (`https://host:port`) and path+query of an absolute URL.
std::pair<std::string_view, std::string_view> split_url(std::string_view url);

/// The lowercase host (with port, if any) of an absolute URL.
std::string_view url_authority(std::string_view url);

/// A short excerpt of a response body for messages: one line of at most 200 printable ASCII
/// bytes (other characters become `?`).
std::string body_excerpt(std::string_view body);

} // namespace cachectl
